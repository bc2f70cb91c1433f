/** The portal words money with the one formatter every written channel uses (the bot too). */
export { moneyText, monthlyText, oneOffText, priceText } from '../../domain/shared/money-text';
