export const placeholderSigning = 1
