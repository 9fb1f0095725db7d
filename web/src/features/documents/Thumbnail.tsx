import { useEffect, useRef, useState } from 'react';
import { authorisedFetch } from '../../api/client';

const WIDTH = 64;

/**
 * Page 1 of a document version as a small image: fetched with the bearer token (an <img src> cannot send one) once
 * it scrolls into view, shown from a blob: URL that is revoked when the thumbnail goes.
 */
export function Thumbnail({ caseId, documentId, versionId }: { caseId: string; documentId: string; versionId: string }) {
  const holder = useRef<HTMLSpanElement>(null);
  const [visible, setVisible] = useState(false);
  const [source, setSource] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = holder.current;
    if (element === null) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        setVisible(true);
        observer.disconnect();
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!visible) return;
    const controller = new AbortController();
    let url: string | null = null;
    const path = ['cases', caseId, 'documents', documentId, 'versions', versionId, 'pages', '0', 'thumbnail'].map(encodeURIComponent).join('/');
    authorisedFetch(`/api/v1/${path}?width=${WIDTH * 2}`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`thumbnail: ${response.status}`);
        url = URL.createObjectURL(await response.blob());
        if (controller.signal.aborted) URL.revokeObjectURL(url);
        else setSource(url);
      })
      .catch(() => controller.signal.aborted || setFailed(true));
    return () => {
      controller.abort();
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [visible, caseId, documentId, versionId]);

  return (
    <span ref={holder} className="document-thumbnail-frame" aria-hidden="true">
      {source !== null && <img className="document-thumbnail" src={source} alt="" width={WIDTH} />}
      {source === null && <span className={failed ? 'document-thumbnail-none' : 'document-thumbnail-pending'} />}
    </span>
  );
}

/** Where a thumbnail would be, for a document with no converted PDF yet (or a failed one). */
export function NoThumbnail() {
  return (
    <span className="document-thumbnail-frame" aria-hidden="true">
      <span className="document-thumbnail-none" />
    </span>
  );
}
