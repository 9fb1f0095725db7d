import { ApiProperty } from '@nestjs/swagger';

export class CaseRefDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ example: '42AB1234524' })
  urn!: string;
}

export class CaseListDto {
  @ApiProperty({ type: [CaseRefDto] })
  cases!: CaseRefDto[];
}

export class CaseSummaryDto {
  @ApiProperty({ example: '42' })
  caseId!: string;

  @ApiProperty({ example: '42AB1234524' })
  urn!: string;

  @ApiProperty({ example: 'R v Smith' })
  title!: string;

  @ApiProperty({ example: '7' })
  unitId!: string;

  @ApiProperty({ example: 'Central Casework' })
  unitName!: string;

  @ApiProperty({ example: 'ACTIVE' })
  status!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'ISO-8601 date.', example: '2024-03-07' })
  registeredDate!: string | null;

  @ApiProperty()
  isCustody!: boolean;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'ISO-8601 date.', example: '2024-05-01' })
  nextHearingDate!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Southwark Crown Court' })
  court!: string | null;
}
