import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IdentityResource {
  @ApiProperty({ example: '00000000-0000-4000-8000-0000000000a1' })
  id!: string;

  @ApiProperty({ example: 'Megan Bowen', nullable: true, type: String })
  displayName!: string | null;

  @ApiPropertyOptional({ example: 'megan@contoso.example', nullable: true, type: String })
  userPrincipalName?: string | null;
}

export class IdentitySetResource {
  @ApiProperty({ type: IdentityResource, nullable: true })
  user!: IdentityResource | null;

  @ApiProperty({ type: IdentityResource, nullable: true, example: null })
  application!: IdentityResource | null;

  @ApiProperty({ type: IdentityResource, nullable: true, example: null })
  device!: IdentityResource | null;
}

/** Graph's DateTimeOffset on the wire: UTC, ISO 8601, with `Z`. */
export function toGraphDate(date: Date): string;
export function toGraphDate(date: Date | null): string | null;
export function toGraphDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
