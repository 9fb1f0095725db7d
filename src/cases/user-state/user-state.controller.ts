import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../auth/caller.decorator.js';
import { ApiIdParam } from '../../common/api-id-param.decorator.js';
import { API_V1 } from '../../common/api-paths.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import { createValidationPipe } from '../../common/validation/validation.pipe.js';
import type { LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { ApiProblems, BODY_PROBLEMS, CASE_PROBLEMS, VERSION_PROBLEMS } from '../../openapi/api-problem-responses.decorator.js';
import { CaseChangesDto } from './case-changes.dto.js';
import { CreateDocumentNoteDto, DocumentNoteDto, DocumentNoteListDto } from './document-note.dto.js';
import { ParseOptionalInstantPipe } from './parse-instant.pipe.js';
import { UserStateService } from './user-state.service.js';

@ApiTags('user state')
@ApiBearerAuth()
@ApiIdParam('caseId', '42')
@Controller(`${API_V1}/cases/:caseId`)
export class UserStateController {
  constructor(private readonly userState: UserStateService) {}

  @Get('changes')
  @ApiOperation({
    summary: 'What changed in the case since a time or since my last visit',
    description:
      'New documents, new versions, renames, reclassifications and removals the facade has seen in the legacy CMS list (it lists the case again for this answer). Without `since`, the changes since the caller\'s last call without `since`, and this call becomes the last visit.',
    operationId: 'listCaseChanges',
  })
  @ApiQuery({ name: 'since', required: false, schema: { type: 'string', format: 'date-time' }, example: '2026-01-31T09:00:00Z' })
  @ApiOkResponse({ type: CaseChangesDto })
  @ApiProblems(...CASE_PROBLEMS)
  changes(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Query('since', ParseOptionalInstantPipe) since: Date | undefined): Promise<CaseChangesDto> {
    return this.userState.changes(caller, caseId, since);
  }

  @Put('documents/:documentId/versions/:versionId/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark a document version read (by me)', operationId: 'markVersionRead' })
  @ApiIdParam('documentId', '1001')
  @ApiIdParam('versionId', '7001')
  @ApiNoContentResponse({ description: 'Marked; the document list shows `readByMe`.' })
  @ApiProblems(...VERSION_PROBLEMS)
  async markRead(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
  ): Promise<void> {
    await this.userState.setRead(caller, caseId, documentId, versionId, true);
  }

  @Delete('documents/:documentId/versions/:versionId/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark a document version unread (by me)', operationId: 'markVersionUnread' })
  @ApiIdParam('documentId', '1001')
  @ApiIdParam('versionId', '7001')
  @ApiNoContentResponse({ description: 'Unmarked (also when it was not marked).' })
  @ApiProblems(...VERSION_PROBLEMS)
  async markUnread(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
  ): Promise<void> {
    await this.userState.setRead(caller, caseId, documentId, versionId, false);
  }

  @Get('documents/:documentId/notes')
  @ApiOperation({
    summary: 'List the notes on a document',
    description: "The legacy CMS's notes belong to the case (see listNotes); notes on a document are kept by the facade.",
    operationId: 'listDocumentNotes',
  })
  @ApiIdParam('documentId', '1001')
  @ApiOkResponse({ type: DocumentNoteListDto })
  @ApiProblems(...CASE_PROBLEMS, 'DOCUMENT_NOT_FOUND')
  listNotes(@Caller() caller: LegacyCaller, @Param('caseId', ParseIdPipe) caseId: string, @Param('documentId', ParseIdPipe) documentId: string): Promise<DocumentNoteListDto> {
    return this.userState.listNotes(caller, caseId, documentId);
  }

  @Post('documents/:documentId/notes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a note to a document (author: me)', operationId: 'addDocumentNote' })
  @ApiIdParam('documentId', '1001')
  @ApiCreatedResponse({ type: DocumentNoteDto })
  @ApiProblems(...CASE_PROBLEMS, ...BODY_PROBLEMS, 'DOCUMENT_NOT_FOUND')
  addNote(
    @Caller() caller: LegacyCaller,
    @Param('caseId', ParseIdPipe) caseId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Body(createValidationPipe()) note: CreateDocumentNoteDto,
  ): Promise<DocumentNoteDto> {
    return this.userState.addNote(caller, caseId, documentId, note.text);
  }
}
