import { ApiProperty } from '@nestjs/swagger';

const WITHHELD = 'Null when the legacy CMS withholds it (see warnings).';

export class WitnessDto {
  @ApiProperty({ example: '301' })
  witnessId!: string;

  @ApiProperty()
  firstNames!: string;

  @ApiProperty()
  surname!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: `ISO-8601 date. ${WITHHELD}` })
  dateOfBirth!: string | null;

  @ApiProperty({ type: String, nullable: true, description: WITHHELD })
  address!: string | null;

  @ApiProperty({ type: String, nullable: true, description: WITHHELD })
  phone!: string | null;

  @ApiProperty()
  isVulnerable!: boolean;

  @ApiProperty()
  isIntimidated!: boolean;
}

export class WitnessListDto {
  @ApiProperty({ type: [WitnessDto] })
  witnesses!: WitnessDto[];

  @ApiProperty({
    type: [String],
    description: 'Paths of the fields the legacy CMS withheld or failed to produce (those fields are null); empty when the data is complete.',
    example: ['witnesses[0].address'],
  })
  warnings!: string[];
}
