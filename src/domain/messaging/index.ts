export * from './sms-status';
export * from './sms-message';
export * from './sms-message-model';
export * from './sms-message-store';
export * from './sms-keywords';
export * from './phone-number';
export * from './ports';
export * from './recipient-opted-out-error';
