import { ApiProperty } from '@nestjs/swagger';

export class ChargeDto {
  @ApiProperty({ example: '901' })
  chargeId!: string;

  @ApiProperty({ example: 'TH68001' })
  code!: string;

  @ApiProperty({ example: 'Theft from a shop' })
  description!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'ISO-8601 date.' })
  offenceDate!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'NOT_GUILTY' })
  plea!: string | null;

  @ApiProperty({ example: 'PENDING' })
  status!: string;
}

export class DefendantDto {
  @ApiProperty({ example: '501' })
  defendantId!: string;

  @ApiProperty()
  firstNames!: string;

  @ApiProperty()
  surname!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'ISO-8601 date.' })
  dateOfBirth!: string | null;

  @ApiProperty()
  isYouth!: boolean;

  @ApiProperty({ type: [ChargeDto] })
  charges!: ChargeDto[];
}

export class DefendantListDto {
  @ApiProperty({ type: [DefendantDto] })
  defendants!: DefendantDto[];
}
