import { expect, it } from 'vitest';
import { readerCookie } from './reader-cookie.js';

const key = 'k'.repeat(40);
const token = 'T'.repeat(43);

it('opens what it sealed and refuses a changed, cut or foreign value', () => {
  const jar = readerCookie('http://localhost', key);
  const value = jar.seal(token);
  expect(jar.open(value)).toBe(token);
  expect(jar.open(`U${value.slice(1)}`)).toBeUndefined();
  expect(jar.open(value.slice(0, -1))).toBeUndefined();
  expect(jar.open(`${token}.${'A'.repeat(43)}`)).toBeUndefined();
  expect(readerCookie('http://localhost', 'another key of forty characters.........').open(value)).toBeUndefined();
  expect(jar.open(undefined)).toBeUndefined();
});

it('reads its own cookie out of a header among others, and no look-alike', () => {
  const jar = readerCookie('http://localhost', key);
  expect(jar.read('a=1; broadsheet_reader=abc; b=2')).toBe('abc');
  expect(jar.read('broadsheet_reader=abc')).toBe('abc');
  expect(jar.read('x_broadsheet_reader=abc')).toBeUndefined();
  expect(jar.read('x_broadsheet_reader=abc; broadsheet_reader=def')).toBe('def');
  expect(jar.read(undefined)).toBeUndefined();
});

it('is a __Host- cookie on https', () => {
  expect(readerCookie('https://news.example.org', key).name).toBe('__Host-broadsheet_reader');
  expect(readerCookie('http://localhost', key).name).toBe('broadsheet_reader');
  expect(readerCookie('https://news.example.org', key).read('__Host-broadsheet_reader=v')).toBe('v');
});
