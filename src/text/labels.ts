/** Labels shared by the renderers (report/) and the what-if analyses and page (whatif/). */
import type { Category } from '../model/types.js';

export const CATEGORY_LABEL: Record<Category, string> = {
  compute: 'compute',
  blockStorage: 'block storage (EBS)',
  objectStorage: 'object storage (S3)',
  requests: 'S3 requests',
  dataTransfer: 'data transfer',
  other: 'other',
};
