export * from './expect-eventually';
export * from './infrastructure';
export * from './service-process';
export * from './unique';
export * from './kafka-probe';
export * from './service-env';
