export const placeholderPHash = 1
