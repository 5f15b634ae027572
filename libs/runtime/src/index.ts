export * from './backbone.modules';
export * from './start-service';
