import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestCause, Roles } from '@continuum/platform';
import { DuplicateReviews } from '../application/duplicate-reviews.js';
import { type DuplicateOutcome } from '../domain/index.js';
import { DuplicateReviewQueryDto, ResolveDuplicateReviewDto } from './dto/duplicate-review.dto.js';
import { DUPLICATE_REVIEW_QUEUE, DUPLICATE_REVIEW_RESOLVED } from './responses.js';
import { DUPLICATE_RESOLVERS } from './roles.js';

@ApiTags('duplicate reviews')
@ApiBearerAuth()
@Controller('duplicate-reviews')
export class DuplicateReviewsController {
  constructor(private readonly reviews: DuplicateReviews) {}

  @Get()
  @Roles(...DUPLICATE_RESOLVERS)
  @ApiOperation({ summary: 'Possible duplicates across the network still to be resolved, oldest first: client and site ids only' })
  @ApiOkResponse({ description: 'One page of open reviews', schema: DUPLICATE_REVIEW_QUEUE })
  list(@Query() query: DuplicateReviewQueryDto) {
    return this.reviews.open(query);
  }

  @Post(':reviewId/resolution')
  @HttpCode(200)
  @Roles(...DUPLICATE_RESOLVERS)
  @ApiOperation({ summary: 'Resolve a possible duplicate: the same person (the records are linked) or different people' })
  @ApiOkResponse({ description: 'The review, resolved', schema: DUPLICATE_REVIEW_RESOLVED })
  async resolve(
    @Param('reviewId', new ParseUUIDPipe({ version: undefined })) reviewId: string,
    @Body() body: ResolveDuplicateReviewDto,
    @RequestCause() cause: RequestCause,
  ) {
    const outcome = await this.reviews.resolve(reviewId, body.outcome as DuplicateOutcome, cause);
    if (outcome.state.status !== 'resolved') throw new Error(`duplicate review ${reviewId} was not resolved`);
    const { resolution } = outcome.state;
    return {
      reviewId,
      clientId: resolution.clientId,
      possibleDuplicateOf: resolution.possibleDuplicateOf,
      outcome: resolution.outcome,
      resolvedAt: resolution.resolvedAt,
      events: outcome.events.map((event) => ({ eventId: event.eventId, type: event.type, revision: event.revision })),
    };
  }
}
