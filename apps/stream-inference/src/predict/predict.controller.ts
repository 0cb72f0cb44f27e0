import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { parsePredictRequest } from './predict-request';
import { PredictService, type PredictAnswer } from './predict.service';

@Controller('v1')
export class PredictController {
  constructor(private readonly predictions: PredictService) {}

  /** `{ model?, entity: { user: "u-1" }, request?: { amount, channel, … }, event_id? }` → the served score. */
  @Post('predict')
  @HttpCode(200)
  predict(@Body() body: unknown): Promise<PredictAnswer> {
    return this.predictions.predict(parsePredictRequest(body));
  }
}
