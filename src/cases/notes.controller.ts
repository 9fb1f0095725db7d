import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller.decorator.js';
import { API_V1 } from '../common/api-paths.js';
import { STALE_RESPONSE_HEADERS } from '../common/stale-response.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { createValidationPipe } from '../common/validation/validation.pipe.js';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { ApiProblems, BODY_PROBLEMS, CASE_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { ApiIdParam } from '../common/api-id-param.decorator.js';
import { CreateNoteDto, NoteDto, NoteListDto } from './note.dto.js';
import { toNoteDto, toNoteListDto } from './note.mapper.js';

@ApiTags('notes')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId/notes`)
export class NotesController {
  /** The strangled port: each call is its route's (ADR 0024). */
  constructor(@Inject(LEGACY_CMS) private readonly legacy: LegacyCms) {}

  @Get()
  @ApiOperation({ summary: 'List the notes of a case', operationId: 'listNotes' })
  @ApiOkResponse({ type: NoteListDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  async list(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string): Promise<NoteListDto> {
    return toNoteListDto(await this.legacy.listNotes(caller, caseId));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a note to a case', operationId: 'addNote' })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS)
  async add(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Body(createValidationPipe()) note: CreateNoteDto): Promise<NoteDto> {
    return toNoteDto(await this.legacy.addNote(caller, caseId, note.text));
  }
}
