export * from './envelope/envelope.schema';
export * from './catalogue/define-event';
export * from './events/common.schema';
export * from './events/case-alert-raised/case-alert-raised.schema';
export * from './events/case-alert-escalated/case-alert-escalated.schema';
export * from './events/case-alert-acknowledged/case-alert-acknowledged.schema';
export * from './topics';
export * from './catalogue/render-catalogue';
