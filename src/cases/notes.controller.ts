import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller.decorator.js';
import { API_V1 } from '../common/api-paths.js';
import { STALE_RESPONSE_HEADERS } from '../common/stale-response.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { createValidationPipe } from '../common/validation/validation.pipe.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import { ApiProblems, BODY_PROBLEMS, CASE_PROBLEMS } from '../openapi/api-problem-responses.decorator.js';
import { ApiIdParam } from '../common/api-id-param.decorator.js';
import { CreateNoteDto, NoteDto, NoteListDto } from './note.dto.js';
import { NotesService } from './notes.service.js';

@ApiTags('notes')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId/notes`)
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @ApiOperation({ summary: 'List the notes of a case', operationId: 'listNotes' })
  @ApiOkResponse({ type: NoteListDto, headers: STALE_RESPONSE_HEADERS })
  @ApiProblems(...CASE_PROBLEMS)
  list(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string): Promise<NoteListDto> {
    return this.notes.list(caller, caseId);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a note to a case', operationId: 'addNote' })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS)
  add(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Body(createValidationPipe()) note: CreateNoteDto): Promise<NoteDto> {
    return this.notes.add(caller, caseId, note.text);
  }
}
