import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { IsRequiredText } from './wire-values';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
const PAGE_SIZE_REASON = `must be a whole number from 1 to ${MAX_PAGE_SIZE}`;

/**
 * A page size as the query string spells it: decimal digits only (`1e2`, `0x10`, `١٠` and a repeated `limit`
 * are refused, not read as some number), 1 to MAX_PAGE_SIZE, with one reason whatever is wrong.
 */
function IsPageSize(): PropertyDecorator {
  return ValidateBy({
    name: 'isPageSize',
    validator: {
      validate: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_PAGE_SIZE,
      defaultMessage: () => PAGE_SIZE_REASON,
    },
  });
}

/** Keyset pagination for every list: an opaque cursor from the previous page and a page size up to 500. */
export class PageRequestDto {
  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsRequiredText(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsPageSize()
  limit?: number;
}
