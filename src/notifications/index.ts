// Notifications: the outbox every message to a person goes through (e-mail, SMS, a call to make, a letter to post),
// its delivery worker, and the pages people work it from.
export {
  cancelDirectMessages,
  channelUnderConsent,
  contactWithdrawn,
  directChannels,
  withoutContactConsent,
} from './contact-consent.ts';
export { type DeliveryEvent, type DeliveryReport, deliverDue, lockMs, nextAttemptDelay } from './delivery.ts';
export {
  eraseNotificationsPersonalData,
  notificationsPersonalData,
} from './household-notifications.ts';
export { type Letter, letterLayout, lettersPdf, renderLetters } from './letters.ts';
export {
  callList,
  callRetryDelayMs,
  listNotifications,
  markHandled,
  type NotificationFilter,
  type NotificationRefusal,
  notificationChannelLabels,
  notificationRefusalMessage,
  notificationStatusLabel,
  outboxSummary,
  type Refused,
} from './manage.ts';
export {
  cancelPendingNotifications,
  enqueueNotification,
  type NewNotification,
  type OutboxMessage,
} from './outbox.ts';
export {
  type NotificationChannel,
  type NotificationStatus,
  notification,
  notificationChannels,
  notificationStatuses,
} from './schema.ts';
export {
  httpSmsTransport,
  notificationMessageId,
  smtpTransport,
  type Transport,
  TransportError,
  transportsFromConfig,
} from './transports.ts';
