import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run build -w web` writes dist/, which the facade serves at `/`; `npm run dev -w web` proxies the API to a running facade. */
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000', '/dev': 'http://127.0.0.1:3000', '/web-app': 'http://127.0.0.1:3000' },
  },
});
