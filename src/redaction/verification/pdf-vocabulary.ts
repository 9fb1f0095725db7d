/**
 * Words every PDF is made of. A redacted word that matches one of them inside PDF syntax (the name
 * /Page, the keyword trailer, the CMap operator begin…) is the file's grammar, not surviving text;
 * the same word inside a string, a custom name, XML or an embedded file still counts.
 */

/** Bare keywords and operators (objects, cross-reference, content streams, CMaps, Type 4 functions). */
export const PDF_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'obj endobj stream endstream xref trailer startxref true false null ' +
    'BDC BMC EMC SCN scn BX EX BI ID EI MP DP ' +
    'begin end def dict pop currentdict findresource defineresource begincmap endcmap usecmap ' +
    'begincodespacerange endcodespacerange beginbfchar endbfchar beginbfrange endbfrange ' +
    'begincidchar endcidchar begincidrange endcidrange beginnotdefchar endnotdefchar beginnotdefrange endnotdefrange ' +
    'CMapName CMapType CIDInit ProcSet CIDSystemInfo Registry Ordering Supplement Adobe Identity UCS ' +
    'abs add atan ceiling cos cvi cvr div exp floor idiv log mod mul neg round sin sqrt sub truncate ' +
    'and bitshift not xor copy dup exch index roll if ifelse'
  ).split(' '),
);

/** Names from the PDF specification that writers commonly emit (keys and values). */
export const PDF_NAMES: ReadonlySet<string> = new Set(
  (
    'AA AcroForm ActualText AF AFRelationship AIS Alt Annot Annots AP AS Ascent Author AvgWidth ' +
    'BaseEncoding BaseFont BBox BitsPerComponent BitsPerCoordinate BitsPerFlag BitsPerSample Black BlackIs1 BleedBox BM Border BS Bounds ' +
    'CA ca CapHeight Catalog CCITTFaxDecode CharProcs CharSet CIDFontType0 CIDFontType2 CIDSet CIDSystemInfo CIDToGIDMap ' +
    'CMap CMapName Colors ColorSpace Columns Contents Count CreationDate Creator CropBox CS ' +
    'D Decode DecodeParms Default DefaultCMYK DefaultGray DefaultRGB Dest Dests DescendantFonts Descent Design DeviceCMYK DeviceGray DeviceN DeviceRGB ' +
    'Differences Domain DR DA DW DW2 ' +
    'EarlyChange EmbeddedFile EmbeddedFiles Encode EncodedByteAlign Encoding Encrypt EndOfBlock EndOfLine Extend ExtGState Extends ' +
    'F FileAttachment Filespec Filter First Fields Flags FlateDecode Font FontBBox FontDescriptor FontFamily FontFile FontFile2 FontFile3 FontMatrix FontName FontStretch FontWeight Form FormType FT FreeText Function FunctionType Functions ' +
    'Group ' +
    'Height HT ' +
    'ICCBased ID Identity Identity-H Identity-V Image ImageB ImageC ImageI ImageMask Index Indexed Info Intent Interpolate ItalicAngle ' +
    'JavaScript JBIG2Decode JPXDecode JS ' +
    'K Keywords Kids ' +
    'Lab Lang Last LastChar Leading Length Length1 Length2 Length3 Limits Linearized Link LW ' +
    'Mask Matrix MaxLen MaxWidth MediaBox Metadata MissingWidth ModDate ' +
    'N Name Names NeedAppearances Next NM ' +
    'OC OCG OCGs OCMD OCProperties OCs Off On OP op OPM OpenAction Order Ordering Outlines OutputIntent OutputIntents ' +
    'P Page PageLabels PageLayout PageMode Pages PaintType Parent Pattern PatternType Perms PieceInfo Popup Predictor Prev Producer ' +
    'Q ' +
    'Range Rect Registry Resources Rotate Rows RunLengthDecode ' +
    'S SA SM SMask Separation Shading ShadingType Size StandardEncoding StemH StemV StructParent StructParents StructTreeRoot Subject Subtype Supplement Symbolic ' +
    'T Tabs Text Thumb TilingType Title ToUnicode Trapped TrimBox TrueType Type Type0 Type1 Type3 ' +
    'U UF URI UserUnit ' +
    'V Version ' +
    'W W2 WhitePoint Widget Width Widths WinAnsiEncoding MacRomanEncoding MacExpertEncoding PDFDocEncoding ' +
    'XHeight XML XObject XRef XRefStm ' +
    'ASCII85Decode ASCIIHexDecode LZWDecode DCTDecode ObjStm Paperclip PushPin Tx Btn Ch Sig Helv ZaDb Normal Multiply Screen ' +
    'Artifact Span Figure Sect Document Part Art Div Table TR TH TD Caption Note Reference Annotation Supplement Alternative Source Data Unspecified ' +
    // the standard 14 fonts, and the fallback font the redaction engine embeds under a fixed name
    'Courier Courier-Bold Courier-Oblique Courier-BoldOblique Helvetica Helvetica-Bold Helvetica-Oblique Helvetica-BoldOblique ' +
    'Times-Roman Times-Bold Times-Italic Times-BoldItalic Symbol ZapfDingbats DejaVuSans'
  ).split(' '),
);
