/**
 * The `:path` a destination receives after an Istio `rewrite`, as Envoy applies it:
 * `rewrite.uri` becomes `prefix_rewrite`, which replaces the matched prefix of a prefix match and
 * the whole path of an exact or regex match (a route without a URI condition matches prefix
 * `/`); `uriRegexRewrite` becomes `regex_rewrite`, an RE2 global substitution over the path
 * (without the query) whose `\1` refers to capture groups.
 */
import { MatchBlock, RewriteSpec } from './route-table';
import { re2Replace } from '../util/re2';

export function rewrittenPath(rewrite: RewriteSpec, block: MatchBlock | undefined, path: string): string | undefined {
  if (rewrite.uriRegex) {
    const queryAt = path.indexOf('?');
    const bare = queryAt < 0 ? path : path.slice(0, queryAt);
    return re2Replace(rewrite.uriRegex.match, bare, rewrite.uriRegex.rewrite) + (queryAt < 0 ? '' : path.slice(queryAt));
  }
  if (rewrite.uri === undefined) return undefined;
  const uri = block?.uri;
  if (!uri) return rewrite.uri + path.slice(1);
  if (uri.kind === 'prefix') return rewrite.uri + path.slice(uri.value.length);
  const queryAt = path.indexOf('?');
  return rewrite.uri + (queryAt < 0 ? '' : path.slice(queryAt));
}
