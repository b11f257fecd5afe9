// React Router's server build made from app/routes.ts and the route modules themselves, as the Vite plugin would make
// it, for tests that send real requests through the whole server (security middleware, then the pages) without a
// build step. The client assets are named but not there: pages render their <script> and <link> tags all the same.
import type { RouteConfigEntry } from '@react-router/dev/routes';
import type { ServerBuild } from 'react-router';
import * as entry from '../app/entry.server.tsx';
import * as root from '../app/root.tsx';
import routeConfig from '../app/routes.ts';

type RouteModule = Record<string, unknown>;

export interface PageRoute {
  id: string;
  /** The route's URL pattern (`foyers/:id`), '' for the home page. */
  path: string;
  file: string;
  module: RouteModule;
}

const modules = import.meta.glob<RouteModule>('../app/routes/*.{ts,tsx}');

/** Every route of app/routes.ts with its module, in the file's order. */
export async function pageRoutes(): Promise<PageRoute[]> {
  const flat: RouteConfigEntry[] = [];
  const walk = (entries: RouteConfigEntry[]) => {
    for (const e of entries) {
      flat.push(e);
      if (e.children) walk(e.children);
    }
  };
  walk(await routeConfig);
  return Promise.all(
    flat.map(async (r) => {
      const load = modules[`../app/${r.file}`];
      if (!load) throw new Error(`no module for ${r.file}`);
      return {
        id: r.id ?? r.file.replace(/\.[jt]sx?$/, ''),
        path: r.index ? '' : (r.path ?? ''),
        file: r.file,
        module: await load(),
      };
    }),
  );
}

type Action = (args: unknown) => unknown;

/**
 * The build; `onAction` is told of every route action that runs (a test proves by it that a refused request never
 * reached a page's code).
 */
export async function pageBuild({
  onAction,
}: {
  onAction?: (routeId: string) => void;
} = {}): Promise<ServerBuild> {
  const routes = (await pageRoutes()).map((r) => {
    const action = r.module.action as Action | undefined;
    if (!onAction || !action) return r;
    const watched: Action = (args) => {
      onAction(r.id);
      return action(args);
    };
    return { ...r, module: { ...r.module, action: watched } };
  });
  const serverRoutes: ServerBuild['routes'] = {
    root: { id: 'root', path: '', module: root as never },
  };
  const manifest: ServerBuild['assets']['routes'] = {
    root: manifestRoute('root', undefined, '', false, root),
  };
  for (const r of routes) {
    const index = r.path === '' ? true : undefined;
    serverRoutes[r.id] = {
      id: r.id,
      parentId: 'root',
      path: index ? undefined : r.path,
      index,
      module: r.module as never,
    };
    manifest[r.id] = manifestRoute(r.id, 'root', index ? undefined : r.path, index === true, r.module);
  }
  return {
    entry: { module: entry as never },
    routes: serverRoutes,
    assets: {
      entry: { module: '/assets/entry.client.js', imports: [] },
      routes: manifest,
      url: '/assets/manifest-test.js',
      version: 'test',
    },
    basename: '/',
    publicPath: '/',
    assetsBuildDirectory: 'build/client',
    future: {} as ServerBuild['future'],
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: 'lazy', manifestPath: '/__manifest' },
    allowedActionOrigins: false,
  };
}

function manifestRoute(
  id: string,
  parentId: string | undefined,
  path: string | undefined,
  index: boolean,
  module: RouteModule,
): ServerBuild['assets']['routes'][string] {
  return {
    id,
    parentId,
    path,
    index: index || undefined,
    hasAction: 'action' in module,
    hasLoader: 'loader' in module,
    hasClientAction: false,
    hasClientLoader: false,
    hasClientMiddleware: false,
    hasErrorBoundary: 'ErrorBoundary' in module,
    ...({ hasDefaultExport: 'default' in module } as object),
    module: `/assets/${id.replace(/\//g, '-')}.js`,
    imports: [],
    css: [],
    clientActionModule: undefined,
    clientLoaderModule: undefined,
    clientMiddlewareModule: undefined,
    hydrateFallbackModule: undefined,
  };
}
