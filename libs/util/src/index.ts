export { backoffDelay, retryWithBackoff, sleep, type BackoffOptions, type RetryOptions } from './backoff';
export { describeError, errorName } from './errors';
