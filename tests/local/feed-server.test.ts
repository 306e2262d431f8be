import { describe, expect, test } from 'vitest';
import { acceptsGzip, isFeedPath, notModified, objectKeyFor } from '../../local/feed-server.ts';

describe('the feed server’s request handling', () => {
  test('paths map onto object keys; a folder URL onto its index.html', () => {
    expect(isFeedPath('/feeds')).toBe(true);
    expect(isFeedPath('/feeds/all.rss')).toBe(true);
    expect(isFeedPath('/feedsx')).toBe(false);
    expect(objectKeyFor('/feeds')).toBe('feeds/index.html');
    expect(objectKeyFor('/feeds/')).toBe('feeds/index.html');
    expect(objectKeyFor('/feeds/countries/kz.rss')).toBe('feeds/countries/kz.rss');
    expect(objectKeyFor('/feeds/officials/sahibe-qafarova.json')).toBe('feeds/officials/sahibe-qafarova.json');
    // Any folder is its index.html, as CloudFront's function makes it: a language's directory.
    expect(objectKeyFor('/feeds/ru/')).toBe('feeds/ru/index.html');
    expect(objectKeyFor('/feeds/countries/')).toBe('feeds/countries/index.html');
    expect(objectKeyFor('/feeds/%2e%2e/x')).toBeUndefined();
    expect(objectKeyFor('/feeds/a%2Fb.rss')).toBeUndefined();
    expect(objectKeyFor('/feeds//all.rss')).toBeUndefined();
    expect(objectKeyFor('/feeds/%E0%A4%A.rss')).toBeUndefined();
  });

  test('gzip is negotiated from Accept-Encoding, q-values included', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0, br')).toBe(false);
  });

  test('If-None-Match decides (weakly) when present; If-Modified-Since compares whole seconds', () => {
    const modified = new Date('2024-01-01T10:00:00.700Z');
    const req = (headers: Record<string, string>) => ({ headers });
    expect(notModified(req({ 'if-none-match': '"abc"' }), '"abc"', modified)).toBe(true);
    expect(notModified(req({ 'if-none-match': 'W/"abc"' }), '"abc"', modified)).toBe(true);
    expect(notModified(req({ 'if-none-match': '"x", "abc"' }), '"abc"', modified)).toBe(true);
    expect(notModified(req({ 'if-none-match': '*' }), '"abc"', modified)).toBe(true);
    expect(notModified(req({ 'if-none-match': '"x"', 'if-modified-since': 'Mon, 01 Jan 2024 10:00:00 GMT' }), '"abc"', modified)).toBe(false);
    expect(notModified(req({ 'if-modified-since': 'Mon, 01 Jan 2024 10:00:00 GMT' }), '"abc"', modified)).toBe(true);
    expect(notModified(req({ 'if-modified-since': 'Mon, 01 Jan 2024 09:59:59 GMT' }), '"abc"', modified)).toBe(false);
    expect(notModified(req({ 'if-modified-since': 'not a date' }), '"abc"', modified)).toBe(false);
    expect(notModified(req({}), '"abc"', modified)).toBe(false);
  });
});
