import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export const MAX_SEARCH_LENGTH = 100;

/**
 * `?q=`: a free-text search, trimmed (blank is no search), at most 100 characters (more is a 400 naming
 * `q`). Given twice it arrives as an array and is refused the same way.
 */
export function SearchText(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ maxLength: MAX_SEARCH_LENGTH, description }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsOptional(),
    IsString(),
    MaxLength(MAX_SEARCH_LENGTH),
  );
}

// Accented letters folded to their plain ones in SQL, upper case included (lower() of a non-ASCII letter
// depends on the database's ctype). Without the unaccent extension, which a managed database may not
// allow us to create; these cover Dutch, German, French and Turkish names.
const ACCENTED = 'áàâäãåāéèêëēėíìîïīıóòôöõøōúùûüūýÿçñşğÁÀÂÄÃÅĀÉÈÊËĒĖÍÌÎÏĪİÓÒÔÖÕØŌÚÙÛÜŪÝŸÇÑŞĞ';
const PLAIN = 'aaaaaaaeeeeeeiiiiiiooooooouuuuuyycnsgaaaaaaaeeeeeeiiiiiiooooooouuuuuyycnsg';

/** A SQL expression of `column` lower-cased and without accents, to compare with {@link searchPattern}. */
export function folded(column: string): string {
  return `translate(lower(${column}), '${ACCENTED}', '${PLAIN}')`;
}

/** The LIKE pattern "contains q", folded the same way as {@link folded}, its wildcards escaped. */
export function searchPattern(q: string): string {
  const plain = q
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return `%${plain}%`;
}
