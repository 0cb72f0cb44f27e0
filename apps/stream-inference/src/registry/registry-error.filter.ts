import { Catch, type ArgumentsHost } from '@nestjs/common';
import { ModelRegistryError, ModelRejectedError } from '@mlops/model-registry';
import { ApiError, ApiErrorFilter } from '@mlops/service-runtime';

const STATUS: Record<ModelRegistryError['kind'], number> = { invalid: 422, not_found: 404, conflict: 409, unavailable: 503 };
const CODE: Record<ModelRegistryError['kind'], string> = {
  invalid: 'model_rejected',
  not_found: 'not_found',
  conflict: 'conflict',
  unavailable: 'unavailable',
};

/** The service's error answers, with registry refusals mapped: 422 listing every problem of a refused model, 404, 409, 503. */
@Catch()
export class RegistryErrorFilter extends ApiErrorFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof ModelRegistryError)) return super.catch(exception, host);
    const details = exception instanceof ModelRejectedError ? { problems: exception.problems } : {};
    super.catch(new ApiError(STATUS[exception.kind], CODE[exception.kind], exception.message, details), host);
  }
}
