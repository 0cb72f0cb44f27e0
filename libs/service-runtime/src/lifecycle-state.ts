import { Injectable } from '@nestjs/common';

/** Flipped when shutdown begins, so readiness fails first and load balancers drain the instance. */
@Injectable()
export class LifecycleState {
  shuttingDown = false;
}
