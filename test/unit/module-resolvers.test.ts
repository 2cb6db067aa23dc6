import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImportFiles, samePackageFiles } from '../../server/src/workspace/import-resolver.js';

/** A throw-away project: each entry a file path and its text. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-modules-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('module resolution: Go packages of the same module', () => {
  const root = project({
    'go.mod': '// the shop\nmodule "example.com/shop"\n\ngo 1.22\n',
    'money/format.go': 'package money\n',
    'money/round.go': 'package money\n',
    'money/format_test.go': 'package money\n',
    'cmd/shop/main.go': 'package main\n',
  });
  const from = join(root, 'cmd', 'shop', 'main.go');

  it('gives every non-test file of the package folder under the module root', () => {
    expect(resolveImportFiles(from, 'example.com/shop/money', 'go', undefined)).toEqual([
      join(root, 'money', 'format.go'),
      join(root, 'money', 'round.go'),
    ]);
  });

  it('gives nothing for the standard library, another module or a missing package', () => {
    expect(resolveImportFiles(from, 'fmt', 'go', undefined)).toEqual([]);
    expect(resolveImportFiles(from, 'example.com/shopping/money', 'go', undefined)).toEqual([]);
    expect(resolveImportFiles(from, 'example.com/shop/tax', 'go', undefined)).toEqual([]);
  });
});

describe('module resolution: Rust modules of the crate', () => {
  const root = project({
    'Cargo.toml': '[package]\nname = "shop"\n',
    'src/main.rs': 'mod money;\nmod orders;\n',
    'src/money.rs': 'pub fn format_cents() {}\n',
    'src/orders/mod.rs': 'mod lines;\n',
    'src/orders/lines.rs': 'use super::super::money;\n',
    'src/orders/tax.rs': '',
  });
  const main = join(root, 'src', 'main.rs');
  const lines = join(root, 'src', 'orders', 'lines.rs');
  const resolve = (from: string, path: string) => resolveImportFiles(from, path, 'rust', undefined);

  it('finds the longest prefix of a crate:: path that is a module (file.rs or folder/mod.rs)', () => {
    expect(resolve(lines, 'crate::money::format_cents')).toEqual([join(root, 'src', 'money.rs')]);
    expect(resolve(lines, 'crate::orders')).toEqual([join(root, 'src', 'orders', 'mod.rs')]);
    expect(resolve(lines, 'crate::orders::tax::rate')).toEqual([join(root, 'src', 'orders', 'tax.rs')]);
    expect(resolve(lines, 'crate::format_cents')).toEqual([main]);
  });

  it('reads a bare path and mod items from the module of the file, super:: from its parent', () => {
    expect(resolve(main, 'money')).toEqual([join(root, 'src', 'money.rs')]);
    expect(resolve(join(root, 'src', 'orders', 'mod.rs'), 'lines')).toEqual([lines]);
    expect(resolve(lines, 'super::tax')).toEqual([join(root, 'src', 'orders', 'tax.rs')]);
    expect(resolve(lines, 'super::super::money')).toEqual([join(root, 'src', 'money.rs')]);
  });

  it('leaves std, core, alloc and unknown modules out', () => {
    expect(resolve(main, 'std::collections::HashMap')).toEqual([]);
    expect(resolve(main, 'serde::Serialize')).toEqual([]);
  });
});

describe('module resolution: Java classes by package folder', () => {
  const root = project({
    'src/main/java/com/shop/money/Money.java': 'package com.shop.money;\n',
    'src/main/java/com/shop/orders/Checkout.java': 'package com.shop.orders;\n',
    'src/main/java/com/shop/orders/Line.java': 'package com.shop.orders;\n',
  });
  const checkout = join(root, 'src', 'main', 'java', 'com', 'shop', 'orders', 'Checkout.java');
  const money = join(root, 'src', 'main', 'java', 'com', 'shop', 'money', 'Money.java');

  it('finds an imported class under the source root above the file, and the class of a static import', () => {
    expect(resolveImportFiles(checkout, 'com.shop.money.Money', 'java', undefined)).toEqual([money]);
    expect(resolveImportFiles(checkout, 'com.shop.money.Money.format', 'java', undefined)).toEqual([money]);
    expect(resolveImportFiles(checkout, 'java.util.List', 'java', undefined)).toEqual([]);
  });

  it('finds a class of the same package by the name a call goes through, without an import', () => {
    const line = join(dirname(checkout), 'Line.java');
    expect(samePackageFiles(checkout, 'java', 'Line')).toEqual([line]);
    expect(samePackageFiles(checkout, 'java', 'line')).toEqual([]);
    expect(samePackageFiles(checkout, 'java', 'Missing')).toEqual([]);
  });
});

describe('same package: the other files of a Go package', () => {
  it('are the non-test files of the folder but the file itself', () => {
    const root = project({ 'shop/a.go': '', 'shop/b.go': '', 'shop/b_test.go': '' });
    expect(samePackageFiles(join(root, 'shop', 'a.go'), 'go', undefined)).toEqual([
      join(root, 'shop', 'b.go'),
    ]);
    expect(samePackageFiles(join(root, 'shop', 'a.go'), 'go', 'strings')).toEqual([]);
  });
});

describe('include resolution: C and C++ headers', () => {
  const root = project({
    'src/orders.c': '#include "money.h"\n',
    'src/money.h': '',
    'src/money.c': '',
    'include/shop/tax.hpp': '',
  });
  const orders = join(root, 'src', 'orders.c');

  it('gives the source file beside a header first, then the header', () => {
    expect(resolveImportFiles(orders, 'money.h', 'c', root)).toEqual([
      join(root, 'src', 'money.c'),
      join(root, 'src', 'money.h'),
    ]);
  });

  it('looks under include/ of the workspace, and gives nothing for a header it cannot find', () => {
    expect(resolveImportFiles(orders, 'shop/tax.hpp', 'c', root)).toEqual([
      join(root, 'include', 'shop', 'tax.hpp'),
    ]);
    expect(resolveImportFiles(orders, 'missing.h', 'c', root)).toEqual([]);
  });
});

describe('require resolution: Ruby', () => {
  const root = project({ 'lib/shop/orders.rb': '', 'lib/shop/money.rb': '', 'lib/tax.rb': '' });
  const orders = join(root, 'lib', 'shop', 'orders.rb');

  it('finds a require_relative beside the file and a require under lib/ of the workspace', () => {
    expect(resolveImportFiles(orders, 'money', 'ruby', root)).toEqual([
      join(root, 'lib', 'shop', 'money.rb'),
    ]);
    expect(resolveImportFiles(orders, 'tax', 'ruby', root)).toEqual([join(root, 'lib', 'tax.rb')]);
    expect(resolveImportFiles(orders, 'shop/money.rb', 'ruby', root)).toEqual([
      join(root, 'lib', 'shop', 'money.rb'),
    ]);
    expect(resolveImportFiles(orders, 'json', 'ruby', root)).toEqual([]);
  });
});
