import { z } from 'zod';
import { serviceOrderStates } from '../../domain/commerce/ports';
import type { ServiceOrderRequest } from '../../domain/commerce/ports';

/** TMF641 ServiceOrder paths, relative to the provisioning system's base URL. */
export const SERVICE_ORDER_PATH = '/tmf-api/serviceOrdering/v4/serviceOrder';

/** The TMF641 ServiceOrder create body this service sends (and the stand-in insists on). */
export const serviceOrderCreateSchema = z.strictObject({
  '@type': z.literal('ServiceOrder').optional(),
  externalId: z.string().min(1).max(128),
  category: z.string().optional(),
  description: z.string().optional(),
  relatedParty: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        role: z.string().min(1),
        '@referredType': z.string().optional(),
      }),
    )
    .min(1),
  serviceOrderItem: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        '@type': z.literal('ServiceOrderItem').optional(),
        action: z.enum(['add', 'modify', 'delete']),
        quantity: z.number().int().min(1),
        service: z.strictObject({
          '@type': z.literal('Service').optional(),
          id: z.string().optional(),
          name: z.string().min(1),
          serviceSpecification: z.strictObject({
            id: z.string().min(1),
            name: z.string().optional(),
          }),
          serviceCharacteristic: z.array(
            z.strictObject({ name: z.string().min(1), value: z.union([z.string(), z.number()]) }),
          ),
        }),
      }),
    )
    .min(1),
});
export type ServiceOrderCreate = z.infer<typeof serviceOrderCreateSchema>;

/** What the client reads back: TMF641 has more, this service needs the id and the state. */
export const serviceOrderResponseSchema = z.object({
  id: z.string().min(1),
  state: z.enum(serviceOrderStates),
  externalId: z.string().optional(),
});

/**
 * One service order item per product order item. The service specification is named after the
 * offering: the OSS maps commercial offerings to technical services on its side.
 */
export function toServiceOrderCreate(request: ServiceOrderRequest): ServiceOrderCreate {
  return {
    '@type': 'ServiceOrder',
    externalId: request.externalId,
    category: 'mobile',
    description: `Activation of product order ${request.externalId}`,
    relatedParty: [{ id: request.customerId, role: 'customer', '@referredType': 'Customer' }],
    serviceOrderItem: request.items.map((item) => ({
      id: item.id,
      '@type': 'ServiceOrderItem',
      action: item.action,
      quantity: item.quantity,
      service: {
        '@type': 'Service',
        ...(item.subscriptionId ? { id: item.subscriptionId } : {}),
        name: item.offeringName,
        serviceSpecification: { id: item.offeringId, name: item.offeringName },
        serviceCharacteristic: Object.entries(item.characteristics).map(([name, value]) => ({
          name,
          value,
        })),
      },
    })),
  };
}
