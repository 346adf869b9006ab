export const placeholderUrl = 1
