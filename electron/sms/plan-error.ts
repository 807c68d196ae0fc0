// Typed errors of planMessage: bad options from the caller, or a text that no UDH can carry.
import type { ErrorDetail } from '../../shared/error-detail.js';
import type { Codes } from '../../shared/error-codes.js';

export type PlanErrorCode = Codes<'invalid-option' | 'too-many-segments' | 'footer-too-long'>;

export class PlanError extends Error {
  constructor(
    readonly code: PlanErrorCode,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}
