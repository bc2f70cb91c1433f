import { toTmfPrice } from '../../domain/catalog/product-offering-price';
import type { EntityRef } from '../../domain/catalog/tmf-common';
import type {
  CatalogResourceKind,
  StoredOffering,
  StoredPrice,
  StoredPromotion,
  StoredSpecification,
} from '../../domain/catalog/persistence';

export const catalogBasePath = '/tmf-api/productCatalogManagement/v4';

/** Resource path segments; `promotion` is our extension of TMF620, which has no promotion resource. */
export const catalogResourcePaths: Record<CatalogResourceKind, string> = {
  productOffering: 'productOffering',
  productOfferingPrice: 'productOfferingPrice',
  productSpecification: 'productSpecification',
  promotion: 'promotion',
};

const catalogTypes: Record<CatalogResourceKind, string> = {
  productOffering: 'ProductOffering',
  productOfferingPrice: 'ProductOfferingPrice',
  productSpecification: 'ProductSpecification',
  promotion: 'Promotion',
};

export function catalogHref(kind: CatalogResourceKind, id: string): string {
  return `${catalogBasePath}/${catalogResourcePaths[kind]}/${id}`;
}

export type TmfResource = Record<string, unknown> & { id: string; href: string; '@type': string };

/** `id`, `href` and `@type` first, as TMF resources read; a client's own `@type` (a subtype) is kept. */
function identified<R extends { id: string; '@type'?: string; href?: string }>(
  kind: CatalogResourceKind,
  resource: R,
): TmfResource {
  const { id, '@type': type, href: _href, ...rest } = resource;
  return { id, href: catalogHref(kind, id), '@type': type ?? catalogTypes[kind], ...rest };
}

function refs(kind: CatalogResourceKind, list: readonly EntityRef[]): EntityRef[] {
  return list.map((ref) => ({ ...ref, href: ref.href ?? catalogHref(kind, ref.id) }));
}

export function offeringToTmf(offering: StoredOffering): TmfResource {
  return identified('productOffering', {
    ...offering,
    bundledProductOffering: refs('productOffering', offering.bundledProductOffering),
    productOfferingPrice: refs('productOfferingPrice', offering.productOfferingPrice),
    ...(offering.productSpecification
      ? {
          productSpecification: refs('productSpecification', [offering.productSpecification])[0],
        }
      : {}),
  });
}

/** Money leaves in TMF shape (`{ unit: 'GBP', value: 12.5 }`), as it arrives. */
export function priceToTmf(price: StoredPrice): TmfResource {
  return identified('productOfferingPrice', {
    ...price,
    isBundle: price.isBundle ?? false,
    ...(price.price ? { price: toTmfPrice(price.price) } : {}),
  });
}

export function specificationToTmf(specification: StoredSpecification): TmfResource {
  return identified('productSpecification', specification);
}

/** Discount values stay as the schema takes them (percent, or minor units), so a GET can be PATCHed back. */
export function promotionToTmf(promotion: StoredPromotion): TmfResource {
  return identified('promotion', promotion);
}
