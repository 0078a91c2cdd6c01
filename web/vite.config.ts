import { defineConfig } from 'vite';

// The dashboard is plain Preact + TypeScript; esbuild compiles the JSX, so no framework plugin is needed.
// `npm run dev` proxies the API to a running WebsiteFactory.Server (default http://127.0.0.1:7071, override with WF_SERVER).
const server = process.env.WF_SERVER ?? 'http://127.0.0.1:7071';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 300,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': server,
      '/runtime': server,
      '/health': server,
    },
  },
});
