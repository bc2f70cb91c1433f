export const dialogIds = {
  addToCart: 'addToCart',
  checkout: 'checkout',
  identify: 'identify',
  removeItem: 'removeItem',
  phonePrompt: 'identify.phone',
  codePrompt: 'identify.code',
} as const;
