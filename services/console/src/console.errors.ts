import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';

/** 404 as a problem: the console has no such page or API. */
export class NotFound extends NotFoundException {
  constructor(readonly detail = 'There is nothing at this address.') {
    super(detail);
  }
}

/** 503 as a problem: something the console needs does not answer now; trying again later may work. */
export class ServiceUnavailable extends ServiceUnavailableException {
  constructor(readonly detail: string) {
    super(detail);
  }
}
