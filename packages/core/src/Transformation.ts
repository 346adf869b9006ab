export const placeholderTransformation = 1
