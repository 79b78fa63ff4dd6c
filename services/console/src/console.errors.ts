import { NotFoundException } from '@nestjs/common';

/** 404 as a problem: the console has no such page or API. */
export class NotFound extends NotFoundException {
  constructor(readonly detail = 'There is nothing at this address.') {
    super(detail);
  }
}
