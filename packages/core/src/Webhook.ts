export const placeholderWebhook = 1
