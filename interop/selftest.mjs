// SPDX-License-Identifier: Apache-2.0
//
// Self-test of the interop harness (npm test). Drives dbvc.mjs as a CLI, the
// way the Go tests do, and checks it against published test vectors so that
// a passing cross-check means something.

import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {
  mkdtempSync, readFileSync, rmSync, statSync, writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {base58Decode, base58Encode} from './dbvc.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DBVC = path.join(HERE, 'dbvc.mjs');
const VECTORS = path.resolve(HERE, '..', 'testdata', 'vectors');
const W3C = path.join(VECTORS, 'w3c-vc-di-eddsa');
const OB3 = path.join(VECTORS, 'ob3-spec-ldp', 'obv3p0-eddsa-rdfc-2022-vector.json');
const CONTEXT_INDEX = path.resolve(
  HERE, '..', 'internal', 'ldcontext', 'contexts', 'index.json');

let tmp;
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dbvc-selftest-'));
});
after(() => {
  rmSync(tmp, {recursive: true, force: true});
});

function file(name) {
  return path.join(tmp, name);
}

function writeJSON(name, value) {
  writeFileSync(file(name), JSON.stringify(value, null, 2));
  return file(name);
}

function readJSON(p) {
  return JSON.parse(readFileSync(p, 'utf8'));
}

// dbvc runs the CLI and returns {code, stdout, stderr, json}.
function dbvc(...args) {
  const r = spawnSync(process.execPath, [DBVC, ...args], {
    encoding: 'utf8', timeout: 60_000
  });
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // not JSON (jwt-sign prints a compact JWS)
  }
  return {code: r.status, stdout: r.stdout, stderr: r.stderr, json};
}

function mustSucceed(r) {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

// changeOneChar changes exactly one character of a string.
function changeOneChar(s) {
  const i = s.length - 1;
  return s.slice(0, i) + (s[i] === 'x' ? 'y' : 'x');
}

function unsignedBadge() {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
    ],
    id: 'urn:uuid:8a3c6b0e-8d6f-4f5f-9a43-2b0d3f4e7c11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Interop Badge',
    validFrom: '2024-01-01T00:00:00Z',
    validUntil: '2099-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://example.com/achievements/interop',
        type: ['Achievement'],
        name: 'Interop',
        description: 'Signed by one implementation, verified by another.',
        criteria: {narrative: 'Pass the cross-implementation check.'}
      }
    }
  };
}

describe('keys', () => {
  test('keygen writes an Akashi key file', () => {
    mustSucceed(dbvc('keygen', file('key.json')));
    const key = readJSON(file('key.json'));
    assert.deepEqual(Object.keys(key).sort(),
      ['controller', 'id', 'publicKeyMultibase', 'secretKeyMultibase', 'type']);
    assert.equal(key.type, 'Ed25519');
    assert.equal(key.controller, `did:key:${key.publicKeyMultibase}`);
    assert.equal(key.id, `${key.controller}#${key.publicKeyMultibase}`);
    const pub = base58Decode(key.publicKeyMultibase.slice(1));
    const sec = base58Decode(key.secretKeyMultibase.slice(1));
    assert.deepEqual([pub.length, pub[0], pub[1]], [34, 0xed, 0x01]);
    assert.deepEqual([sec.length, sec[0], sec[1]], [34, 0x80, 0x26]);
    assert.ok(key.publicKeyMultibase.startsWith('z6Mk'));
    assert.ok(key.secretKeyMultibase.startsWith('z3u2'));
    if(process.platform !== 'win32') {
      assert.equal(statSync(file('key.json')).mode & 0o777, 0o600);
    }
  });

  test('keygen refuses to overwrite', () => {
    mustSucceed(dbvc('keygen', file('key-once.json')));
    assert.equal(dbvc('keygen', file('key-once.json')).code, 2);
  });

  test('a key file whose secret does not match is rejected', () => {
    mustSucceed(dbvc('keygen', file('k1.json')));
    mustSucceed(dbvc('keygen', file('k2.json')));
    const k1 = readJSON(file('k1.json'));
    k1.secretKeyMultibase = readJSON(file('k2.json')).secretKeyMultibase;
    const r = dbvc('sign', writeJSON('mixed.json', k1),
      writeJSON('u-mixed.json', unsignedBadge()));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not belong/);
  });
});

for(const [cmd, proofType] of [
  ['sign', 'DataIntegrityProof'], ['sign2020', 'Ed25519Signature2020']
]) {
  describe(`${cmd} → verify`, () => {
    let signedPath;
    before(() => {
      mustSucceed(dbvc('keygen', file(`key-${cmd}.json`)));
    });

    test('signed credential verifies', () => {
      const key = readJSON(file(`key-${cmd}.json`));
      const r = mustSucceed(dbvc(cmd, file(`key-${cmd}.json`),
        writeJSON(`unsigned-${cmd}.json`, unsignedBadge())));
      const signed = r.json;
      assert.equal(signed.issuer, key.controller, 'issuer filled in');
      assert.equal(signed.proof.type, proofType);
      assert.equal(signed.proof.verificationMethod, key.id);
      assert.equal(signed.proof.proofPurpose, 'assertionMethod');
      if(cmd === 'sign') {
        assert.equal(signed.proof.cryptosuite, 'eddsa-rdfc-2022');
      }
      signedPath = writeJSON(`signed-${cmd}.json`, signed);
      const v = mustSucceed(dbvc('verify', signedPath));
      assert.deepEqual([v.json.verified, v.json.error], [true, null]);
    });

    test('one character changed in credentialSubject fails', () => {
      const signed = readJSON(signedPath);
      const a = signed.credentialSubject.achievement;
      a.name = changeOneChar(a.name);
      const r = dbvc('verify', writeJSON(`tampered-${cmd}.json`, signed));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal(r.json.verified, false);
      assert.match(r.json.error, /signature/i);
    });

    test('a valid proof by a key that is not the issuer\'s fails', () => {
      const u = unsignedBadge();
      u.issuer = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
      const signed = mustSucceed(dbvc(cmd, file(`key-${cmd}.json`),
        writeJSON(`other-issuer-${cmd}.json`, u))).json;
      const p = writeJSON(`wrong-issuer-${cmd}.json`, signed);
      const r = dbvc('verify', p);
      assert.equal(r.code, 1);
      assert.match(r.json.error, /issuer must match/);
      // the signature itself is fine
      mustSucceed(dbvc('verify', '--proof-only', p));
    });
  });
}

describe('jwt-sign → jwt-verify', () => {
  let token;
  let key;
  before(() => {
    mustSucceed(dbvc('keygen', file('key-jwt.json')));
    key = readJSON(file('key-jwt.json'));
  });

  test('VC-JWT verifies and carries the OB 3.0 claims', () => {
    const unsigned = unsignedBadge();
    const r = mustSucceed(dbvc('jwt-sign', file('key-jwt.json'),
      writeJSON('unsigned-jwt.json', unsigned)));
    token = r.stdout.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const [h, p] = token.split('.').slice(0, 2).map(
      s => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    assert.deepEqual(h, {alg: 'EdDSA', kid: key.id, typ: 'JWT'});
    assert.equal(p.iss, key.controller);
    assert.equal(p.issuer, key.controller);
    assert.equal(p.jti, unsigned.id);
    assert.equal(p.sub, unsigned.credentialSubject.id);
    assert.equal(p.nbf, Date.parse(unsigned.validFrom) / 1000);
    assert.equal(p.exp, Date.parse(unsigned.validUntil) / 1000);
    writeFileSync(file('good.jwt'), token);
    const v = mustSucceed(dbvc('jwt-verify', file('good.jwt')));
    assert.equal(v.json.verified, true);
    assert.equal(v.json.payload.jti, unsigned.id);
  });

  test('one character changed in the payload fails', () => {
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const a = payload.credentialSubject.achievement;
    a.name = changeOneChar(a.name);
    const forged = [h,
      Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
    writeFileSync(file('tampered.jwt'), forged);
    const r = dbvc('jwt-verify', file('tampered.jwt'));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.json.verified, false);
    assert.match(r.json.error, /signature verification failed/);
  });

  test('a changed signature fails', () => {
    const [h, p, s] = token.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[0] ^= 1;
    writeFileSync(file('badsig.jwt'),
      [h, p, sig.toString('base64url')].join('.'));
    assert.equal(dbvc('jwt-verify', file('badsig.jwt')).code, 1);
  });
});

describe('offline document loader', () => {
  before(() => {
    mustSucceed(dbvc('keygen', file('key-offline.json')));
  });

  test('an unknown context is refused, not fetched', () => {
    const u = unsignedBadge();
    u['@context'].push('https://example.org/not-embedded/v1');
    const r = dbvc('sign', file('key-offline.json'),
      writeJSON('unknown-ctx.json', u));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refusing to load https:\/\/example\.org\/not-embedded\/v1: contexts are never fetched from the network/);
  });

  test('JSON-LD safe mode is on (undefined terms are an error)', () => {
    const u = unsignedBadge();
    u.credentialSubject.notATerm = 'dropped silently without safe mode';
    const r = dbvc('sign', file('key-offline.json'),
      writeJSON('undefined-term.json', u));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Safe mode/);
  });
});

describe('W3C vc-di-eddsa vectors', () => {
  const signedDI = path.join(W3C, 'eddsa-rdfc-2022', 'signedDataInt.json');
  const signed2020 = path.join(W3C, 'Ed25519Signature2020', 'signedEdSig.json');

  test('all contexts of the vectors are embedded', () => {
    const index = readJSON(CONTEXT_INDEX);
    for(const p of [signedDI, signed2020]) {
      for(const ctx of readJSON(p)['@context']) {
        assert.ok(ctx in index, `${ctx} (from ${p}) is not embedded`);
      }
    }
  });

  test('eddsa-rdfc-2022 vector verifies (proof only)', () => {
    const r = mustSucceed(dbvc('verify', '--proof-only', signedDI));
    assert.equal(r.json.verified, true);
  });

  test('eddsa-rdfc-2022 vector is rejected as an issuance proof', () => {
    // its issuer (https://vc.example/issuers/5678) does not control the
    // did:key that signed it, so the default issuer binding must fail
    const r = dbvc('verify', signedDI);
    assert.equal(r.code, 1);
    assert.match(r.json.error, /issuer must match/);
  });

  test('tampered eddsa-rdfc-2022 vector fails', () => {
    const v = readJSON(signedDI);
    v.credentialSubject.alumniOf = changeOneChar(v.credentialSubject.alumniOf);
    const r = dbvc('verify', '--proof-only', writeJSON('w3c-tampered.json', v));
    assert.equal(r.code, 1);
  });

  test('Ed25519Signature2020 vector verifies (proof only)', () => {
    const r = mustSucceed(dbvc('verify', '--proof-only', signed2020));
    assert.equal(r.json.verified, true);
  });

  test('signing unsigned.json with keyPair.json reproduces both proofValues', () => {
    const kp = readJSON(path.join(W3C, 'keyPair.json'));
    const did = `did:key:${kp.publicKeyMultibase}`;
    const keyFile = writeJSON('w3c-key.json', {
      type: 'Ed25519',
      id: `${did}#${kp.publicKeyMultibase}`,
      controller: did,
      publicKeyMultibase: kp.publicKeyMultibase,
      secretKeyMultibase: kp.privateKeyMultibase
    });
    const unsigned = path.join(W3C, 'unsigned.json');
    for(const [cmd, vector] of [['sign', signedDI], ['sign2020', signed2020]]) {
      const want = readJSON(vector);
      const r = mustSucceed(dbvc(cmd, '--created', want.proof.created,
        keyFile, unsigned));
      assert.equal(r.json.proof.proofValue, want.proof.proofValue, cmd);
      assert.deepEqual(r.json, want, cmd);
    }
  });
});

describe('OB 3.0 eddsa-rdfc-2022 vector', () => {
  let vector;
  let keyFile;
  before(() => {
    vector = readJSON(OB3);
    const kp = vector.keyPair;
    const priv = Buffer.from(kp.privateKeyHex, 'hex');
    const seed = priv.subarray(0, 32);
    // the vector's own encodings agree with its hex key material
    assert.equal(priv.subarray(32).toString('hex'), kp.publicKeyHex);
    assert.equal(kp.publicKeyMultibase, 'z' + base58Encode(
      Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(kp.publicKeyHex, 'hex')])));
    // (its secretKeyMultibase is the legacy 64-byte seed+public form)
    assert.equal(kp.secretKeyMultibase, 'z' + base58Encode(
      Buffer.concat([Buffer.from([0x80, 0x26]), priv])));
    keyFile = writeJSON('ob3-key.json', {
      type: 'Ed25519',
      id: kp.id,
      controller: kp.controller,
      publicKeyMultibase: kp.publicKeyMultibase,
      secretKeyMultibase: 'z' + base58Encode(
        Buffer.concat([Buffer.from([0x80, 0x26]), seed]))
    });
  });

  test('Digital Bazaar reproduces the proofValue byte for byte', () => {
    const r = mustSucceed(dbvc('sign', '--created', vector.proofConfig.created,
      keyFile, writeJSON('ob3-unsigned.json', vector.unsignedCredential)));
    assert.equal(r.json.proof.proofValue, vector.proofValue);
    assert.deepEqual(r.json, vector.signedCredential);
  });

  test('the signed vector verifies with a local controller document', () => {
    const kp = vector.keyPair;
    const doc = writeJSON('ob3-controller.json', {
      '@context': [
        'https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'
      ],
      id: kp.controller,
      verificationMethod: [{
        id: kp.id, type: 'Multikey', controller: kp.controller,
        publicKeyMultibase: kp.publicKeyMultibase
      }],
      assertionMethod: [kp.id]
    });
    const signed = writeJSON('ob3-signed.json', vector.signedCredential);
    const r = mustSucceed(dbvc('verify', '--doc', doc, signed));
    assert.equal(r.json.verified, true);
    // without the controller document the https issuer cannot be resolved
    const offline = dbvc('verify', signed);
    assert.equal(offline.code, 1);
    assert.match(offline.json.error, /refusing to load/);
    // and a one-character change breaks it
    const t = structuredClone(vector.signedCredential);
    t.credentialSubject.achievement.name =
      changeOneChar(t.credentialSubject.achievement.name);
    assert.equal(
      dbvc('verify', '--doc', doc, writeJSON('ob3-tampered.json', t)).code, 1);
  });
});

describe('usage errors', () => {
  test('exit 2 for bad invocations', () => {
    assert.equal(dbvc().code, 2);
    assert.equal(dbvc('nope').code, 2);
    assert.equal(dbvc('verify').code, 2);
    assert.equal(dbvc('verify', '--bogus', 'x.json').code, 2);
    assert.equal(dbvc('verify', file('does-not-exist.json')).code, 2);
  });
});
