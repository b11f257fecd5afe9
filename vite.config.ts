import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

// The server build's entry is our own server (Hono + React Router's handler), so the web app, the
// partner API and their shared modules live in one bundle and one process.
export default defineConfig({
  environments: {
    ssr: { build: { rollupOptions: { input: './server/main.ts' } } },
  },
  plugins: [reactRouter()],
});
