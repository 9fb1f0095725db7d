import { jsonShapeError, JsonShapeScanner, scanJsonShape } from './json-body-shape.hook.js';

describe('scanJsonShape', () => {
  const limits = { maxDepth: 4, maxItems: 5 };

  it('accepts bodies within the limits, whatever strings they carry', () => {
    expect(scanJsonShape('{"a":[1,2,{"b":[3]}]}', limits)).toBeNull();
    expect(scanJsonShape('[1,2,3,4,5]', limits)).toBeNull();
    expect(scanJsonShape('{"text":"[[[[[[[[[[,,,,,,,,,,\\"[[[[[[["}', limits)).toBeNull();
    expect(scanJsonShape('"plain"', limits)).toBeNull();
    expect(scanJsonShape('', limits)).toBeNull();
  });

  it('refuses nesting one level deeper than the limit, at the bracket that breaks it', () => {
    expect(scanJsonShape('[[[[]]]]', limits)).toBeNull();
    expect(scanJsonShape('[[[[[]]]]]', limits)).toEqual({ kind: 'depth', at: 4 });
    expect(scanJsonShape('{"a":{"b":{"c":{"d":{}}}}}', limits)).toEqual({ kind: 'depth', at: 20 });
  });

  it('refuses a 1 MiB nested body at once, without reading it all', () => {
    const body = '['.repeat(1_048_576);
    expect(scanJsonShape(body, { maxDepth: 32, maxItems: 10_000 })).toEqual({ kind: 'depth', at: 32 });
  });

  it('counts elements per container, not across the body', () => {
    expect(scanJsonShape('[[1,2,3],[1,2,3],[1,2,3]]', limits)).toBeNull();
    expect(scanJsonShape('[1,2,3,4,5,6]', limits)).toEqual({ kind: 'items', at: 10 });
    expect(scanJsonShape('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', limits)).toMatchObject({ kind: 'items' });
    // A closed inner array's commas do not count for the next one at the same depth.
    expect(scanJsonShape('[[1,2,3,4],[1,2,3,4]]', limits)).toBeNull();
  });

  it('describes the violation as MALFORMED_REQUEST with the limit', () => {
    const depth = jsonShapeError({ kind: 'depth', at: 0 }, limits);
    expect(depth.code).toBe('MALFORMED_REQUEST');
    expect(depth.message).toContain('deeper than 4 levels');
    expect(jsonShapeError({ kind: 'items', at: 0 }, limits).message).toContain('more than 5 elements');
  });
});

describe('JsonShapeScanner', () => {
  it('keeps its state across chunks: strings, escapes and depth split anywhere', () => {
    const body = Buffer.from('{"a":"x\\"[[[[[[","b":[[[[]]]]}');
    for (let split = 1; split < body.length; split++) {
      const scanner = new JsonShapeScanner({ maxDepth: 5, maxItems: 5 });
      expect([scanner.push(body.subarray(0, split)), scanner.push(body.subarray(split))]).toEqual([null, null]);
    }
    const scanner = new JsonShapeScanner({ maxDepth: 3, maxItems: 5 });
    expect(scanner.push(Buffer.from('[['))).toBeNull();
    expect(scanner.push(Buffer.from('"é",['))).toBeNull();
    expect(scanner.push(Buffer.from('['))).toEqual({ kind: 'depth', at: 8 });
  });
});
