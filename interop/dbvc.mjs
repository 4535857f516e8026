#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// dbvc.mjs — Akashi's interop harness around Digital Bazaar's JavaScript
// Verifiable Credentials stack. It signs and verifies credentials with an
// implementation that shares no code with Akashi's Go engine, so each side
// can check the other. JSON in, JSON out; see README.md for the commands.
//
// Exit codes: 0 success, 1 verification failure, 2 usage or input error.
//
// Everything runs offline: JSON-LD contexts come only from
// ../internal/ldcontext/contexts (the same files Akashi embeds) and did:key
// documents are computed locally. Any other URL is refused.

import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as didKey from '@digitalbazaar/did-method-key';
import jsigs from 'jsonld-signatures';
import * as jose from 'jose';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// The context directory shared with the Go engine, relative to this file.
export const CONTEXTS_DIR =
  path.resolve(HERE, '..', 'internal', 'ldcontext', 'contexts');

const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';

// ---------------------------------------------------------------------------
// Errors

// UsageError marks bad arguments or unusable input (exit code 2). showUsage
// is set for command-line mistakes, where the usage text is printed too.
export class UsageError extends Error {
  constructor(message, {showUsage = false} = {}) {
    super(message);
    this.name = 'UsageError';
    this.showUsage = showUsage;
  }
}

function inputError(message) {
  return new UsageError(message);
}

function argError(message) {
  return new UsageError(message, {showUsage: true});
}

// ---------------------------------------------------------------------------
// base58btc (Bitcoin alphabet). Only used to validate key files and to decode
// did:key identifiers; all Data Integrity work is done by Digital Bazaar's
// libraries.

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_MAP = new Map([...B58].map((c, i) => [c, i]));

export function base58Encode(bytes) {
  const digits = [];
  for(const byte of bytes) {
    let carry = byte;
    for(let i = 0; i < digits.length; i++) {
      carry += digits[i] << 8;
      digits[i] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while(carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = '';
  for(const byte of bytes) {
    if(byte !== 0) {
      break;
    }
    out += '1';
  }
  for(let i = digits.length - 1; i >= 0; i--) {
    out += B58[digits[i]];
  }
  return out;
}

export function base58Decode(text) {
  const bytes = [];
  for(const c of text) {
    let carry = B58_MAP.get(c);
    if(carry === undefined) {
      throw new Error(`invalid base58 character ${JSON.stringify(c)}`);
    }
    for(let i = 0; i < bytes.length; i++) {
      carry += bytes[i] * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while(carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for(const c of text) {
    if(c !== '1') {
      break;
    }
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

// decodeMultibaseKey decodes a base58btc multibase multicodec value and checks
// its two-byte multicodec header and payload length.
function decodeMultibaseKey(value, header, length, what) {
  if(typeof value !== 'string' || !value.startsWith('z')) {
    throw new UsageError(`${what} must be a base58btc multibase string ('z…')`);
  }
  let bytes;
  try {
    bytes = base58Decode(value.slice(1));
  } catch(e) {
    throw new UsageError(`${what}: ${e.message}`);
  }
  if(bytes.length !== header.length + length ||
    bytes[0] !== header[0] || bytes[1] !== header[1]) {
    throw new UsageError(
      `${what} must be multicodec 0x${Buffer.from(header).toString('hex')} ` +
      `followed by ${length} bytes`);
  }
  return bytes.slice(header.length);
}

const ED25519_PUB = [0xed, 0x01];
const ED25519_PRIV = [0x80, 0x26];
const P256_PUB = [0x80, 0x24];

// ---------------------------------------------------------------------------
// Keys

const PKCS8_ED25519_PREFIX =
  Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519PrivateKeyObject(seed) {
  return crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seed)]),
    format: 'der',
    type: 'pkcs8'
  });
}

function b64u(bytes) {
  return Buffer.from(bytes).toString('base64url');
}

// parseKey validates a key file object ({type:"Ed25519", id, controller,
// publicKeyMultibase, secretKeyMultibase}) and returns its parts plus a
// Digital Bazaar Multikey key pair.
export async function parseKey(obj, {requireSecret = true} = {}) {
  if(!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new UsageError('key file must hold a JSON object');
  }
  if(obj.type !== 'Ed25519') {
    throw new UsageError('key file "type" must be "Ed25519"');
  }
  const {id, controller, publicKeyMultibase, secretKeyMultibase} = obj;
  if(typeof controller !== 'string' || controller === '') {
    throw new UsageError('key file "controller" must be a non-empty string');
  }
  if(typeof id !== 'string' || !id.startsWith(controller + '#')) {
    throw new UsageError('key file "id" must be "<controller>#<fragment>"');
  }
  const publicKey = decodeMultibaseKey(
    publicKeyMultibase, ED25519_PUB, 32, 'publicKeyMultibase');
  if(controller.startsWith('did:key:')) {
    const want = `did:key:${publicKeyMultibase}`;
    if(controller !== want || id !== `${want}#${publicKeyMultibase}`) {
      throw new UsageError(
        'key file "controller"/"id" do not match its publicKeyMultibase');
    }
  }
  let seed;
  if(secretKeyMultibase !== undefined) {
    seed = decodeMultibaseKey(
      secretKeyMultibase, ED25519_PRIV, 32, 'secretKeyMultibase');
    const jwk = crypto.createPublicKey(ed25519PrivateKeyObject(seed))
      .export({format: 'jwk'});
    if(jwk.x !== b64u(publicKey)) {
      throw new UsageError(
        'key file secretKeyMultibase does not belong to publicKeyMultibase');
    }
  } else if(requireSecret) {
    throw new UsageError('key file has no secretKeyMultibase');
  }
  const multikey = await Ed25519Multikey.from({
    '@context': MULTIKEY_CONTEXT_V1,
    type: 'Multikey',
    id,
    controller,
    publicKeyMultibase,
    ...(secretKeyMultibase ? {secretKeyMultibase} : {})
  });
  return {id, controller, publicKeyMultibase, publicKey, seed, multikey};
}

export function readJSON(file, what = 'file') {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch(e) {
    throw inputError(`cannot read ${what} ${file}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch(e) {
    throw inputError(`${what} ${file} is not valid JSON: ${e.message}`);
  }
}

export async function readKeyFile(file) {
  return parseKey(readJSON(file, 'key file'));
}

// keygen returns a fresh key file object in Akashi's format.
export async function keygen() {
  const pair = await Ed25519Multikey.generate();
  const exported = await pair.export({
    publicKey: true, secretKey: true, includeContext: false,
    canonicalize: true
  });
  const {publicKeyMultibase, secretKeyMultibase} = exported;
  const did = `did:key:${publicKeyMultibase}`;
  const key = {
    type: 'Ed25519',
    id: `${did}#${publicKeyMultibase}`,
    controller: did,
    publicKeyMultibase,
    secretKeyMultibase
  };
  await parseKey(key); // self-check: 32-byte seed, matching public key
  return key;
}

// ---------------------------------------------------------------------------
// Offline document loader

let contextCache;

// loadContexts reads index.json (URL -> file name) from CONTEXTS_DIR.
export function loadContexts() {
  if(contextCache) {
    return contextCache;
  }
  const index = JSON.parse(
    readFileSync(path.join(CONTEXTS_DIR, 'index.json'), 'utf8'));
  const map = new Map();
  for(const [url, name] of Object.entries(index)) {
    if(typeof name !== 'string' || name !== path.basename(name) ||
      name.startsWith('.')) {
      throw new Error(`index.json: bad file name for ${url}`);
    }
    map.set(url, JSON.parse(
      readFileSync(path.join(CONTEXTS_DIR, name), 'utf8')));
  }
  contextCache = map;
  return map;
}

const didKeyDriver = didKey.driver();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

async function resolveDidKey(url) {
  const [did, fragment, ...rest] = url.split('#');
  const mb = did.slice('did:key:'.length);
  if(rest.length > 0 || !mb.startsWith('z6Mk')) {
    throw new Error(`unsupported did:key ${url} (only Ed25519 is resolved)`);
  }
  decodeMultibaseKey(mb, ED25519_PUB, 32, 'did:key');
  if(fragment !== undefined && fragment !== mb) {
    throw new Error(`unknown verification method ${url}`);
  }
  return didKeyDriver.get({url});
}

// controllerDocuments indexes local controller documents (from --doc) by
// their id and the ids of the verification methods they embed.
function controllerDocuments(docs) {
  const map = new Map();
  for(const doc of docs) {
    if(!doc || typeof doc.id !== 'string') {
      throw new UsageError('a --doc document must be a JSON object with "id"');
    }
    map.set(doc.id, doc);
    for(const vm of [].concat(doc.verificationMethod ?? [])) {
      if(vm && typeof vm === 'object' && typeof vm.id === 'string') {
        map.set(vm.id, {'@context': doc['@context'], ...vm});
      }
    }
  }
  return map;
}

// makeDocumentLoader returns a JSON-LD document loader that never touches the
// network. extraDocuments are local controller documents (see --doc).
export function makeDocumentLoader({extraDocuments = []} = {}) {
  const contexts = loadContexts();
  const local = controllerDocuments(extraDocuments);
  return async url => {
    let document;
    if(contexts.has(url)) {
      document = contexts.get(url);
    } else if(local.has(url)) {
      document = local.get(url);
    } else if(typeof url === 'string' && url.startsWith('did:key:')) {
      document = await resolveDidKey(url);
    } else {
      throw new Error(`refusing to load ${url}: ` +
        'contexts are never fetched from the network');
    }
    return {contextUrl: null, documentUrl: url,
      document: structuredClone(document)};
  };
}

// ---------------------------------------------------------------------------
// Data Integrity

function issuerId(credential) {
  const {issuer} = credential;
  return typeof issuer === 'string' ? issuer : issuer?.id;
}

// signCredential signs with eddsa-rdfc-2022 (suite "eddsa-rdfc-2022") or
// Ed25519Signature2020 (suite "Ed25519Signature2020"). A missing issuer is
// set to the key's controller.
export async function signCredential({
  key, credential, suite = 'eddsa-rdfc-2022', created, documentLoader
}) {
  if(!credential || typeof credential !== 'object' ||
    Array.isArray(credential)) {
    throw new UsageError('credential must be a JSON object');
  }
  if('proof' in credential) {
    throw new UsageError('credential already has a "proof"');
  }
  credential = structuredClone(credential);
  if(credential.issuer === undefined) {
    credential.issuer = key.controller;
  }
  const date = created === undefined ? undefined : new Date(created);
  if(date && isNaN(date)) {
    throw new UsageError(`--created ${created} is not a date`);
  }
  const signer = key.multikey.signer();
  let s;
  if(suite === 'eddsa-rdfc-2022') {
    s = new DataIntegrityProof({
      signer, date, cryptosuite: eddsaRdfc2022CryptoSuite
    });
  } else if(suite === 'Ed25519Signature2020') {
    s = new Ed25519Signature2020({signer, date});
  } else {
    throw new UsageError(`unknown suite ${suite}`);
  }
  return vc.issue({
    credential, suite: s,
    documentLoader: documentLoader ?? makeDocumentLoader()
  });
}

function errorMessages(err) {
  if(!err) {
    return [];
  }
  if(Array.isArray(err)) {
    return err.flatMap(errorMessages);
  }
  if(Array.isArray(err.errors) && err.errors.length > 0) {
    return err.errors.flatMap(errorMessages);
  }
  // jsonld wraps document loader failures; surface the loader's reason
  const cause = err.details?.cause ?? err.cause;
  if(cause?.message) {
    return [cause.message];
  }
  // safe mode reports what it refused to drop
  const event = err.details?.event;
  if(event?.message) {
    const prop = event.details?.property;
    return [`${err.message} ${event.message}` +
      (prop === undefined ? '' : ` (property ${JSON.stringify(prop)})`)];
  }
  return [err.message ?? String(err)];
}

// verifyCredential verifies the embedded proof(s). By default the proof
// purpose is credential issuance: the verification method must belong to
// the credential's issuer. proofOnly only requires an assertionMethod
// authorised by the method's controller (for test vectors whose issuer is a
// placeholder). Status is not checked; with credentialStatus present,
// verification fails unless ignoreStatus is set.
export async function verifyCredential({
  credential, proofOnly = false, ignoreStatus = false, extraDocuments = []
}) {
  const documentLoader = makeDocumentLoader({extraDocuments});
  const suite = [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
    new Ed25519Signature2020()
  ];
  const options = {credential, suite, documentLoader};
  if(proofOnly) {
    options.purpose = new jsigs.purposes.AssertionProofPurpose();
  }
  if(ignoreStatus) {
    options.checkStatus = async () => ({verified: true});
  }
  let result;
  try {
    result = await vc.verifyCredential(options);
  } catch(e) {
    result = {verified: false, error: e};
  }
  const out = {verified: result.verified === true, error: null};
  if(!out.verified) {
    let msgs = errorMessages(result.error);
    if(msgs.length === 0) {
      msgs = (result.results ?? []).flatMap(r => errorMessages(r.error));
    }
    out.error = msgs.join('; ') || 'verification failed';
    if(msgs.length > 1) {
      out.errors = msgs;
    }
  }
  out.purpose = proofOnly ? 'assertionMethod' : 'credentialIssuance';
  out.proofs = [].concat(credential?.proof ?? []).map(p => ({
    type: p?.type, cryptosuite: p?.cryptosuite,
    verificationMethod: p?.verificationMethod
  }));
  return out;
}

// ---------------------------------------------------------------------------
// VC-JWT (OB 3.0 §8.2: the credential is the JWT payload, plus registered
// claims mapped from it)

function seconds(value, what) {
  const ms = Date.parse(value);
  if(typeof value !== 'string' || isNaN(ms)) {
    throw new UsageError(`${what} ${JSON.stringify(value)} is not a date`);
  }
  return Math.floor(ms / 1000);
}

export async function jwtSign({key, credential}) {
  if(!credential || typeof credential !== 'object' ||
    Array.isArray(credential)) {
    throw new UsageError('credential must be a JSON object');
  }
  if('proof' in credential) {
    throw new UsageError('credential already has a "proof"');
  }
  const payload = structuredClone(credential);
  if(payload.issuer === undefined) {
    payload.issuer = key.controller;
  }
  const iss = issuerId(payload);
  if(typeof iss !== 'string') {
    throw new UsageError('credential issuer has no id');
  }
  payload.iss = iss;
  if(typeof payload.id === 'string') {
    payload.jti = payload.id;
  }
  if(payload.validFrom !== undefined) {
    payload.nbf = seconds(payload.validFrom, 'validFrom');
  }
  const subject = payload.credentialSubject;
  if(subject && !Array.isArray(subject) && typeof subject.id === 'string') {
    payload.sub = subject.id;
  }
  if(payload.validUntil !== undefined) {
    payload.exp = seconds(payload.validUntil, 'validUntil');
  }
  const privateKey = await jose.importJWK({
    kty: 'OKP', crv: 'Ed25519', x: b64u(key.publicKey), d: b64u(key.seed)
  }, 'EdDSA');
  return new jose.SignJWT(payload)
    .setProtectedHeader({alg: 'EdDSA', kid: key.id, typ: 'JWT'})
    .sign(privateKey);
}

// didKeyToJwk turns a did:key DID URL (did:key:X#X) into a public JWK.
// Ed25519 (z6Mk…) and P-256 (zDn…) keys are supported.
export function didKeyToJwk(kid) {
  const m = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)#(z[1-9A-HJ-NP-Za-km-z]+)$/
    .exec(kid);
  if(!m || m[1] !== m[2]) {
    throw new Error(`kid ${kid} is not a did:key DID URL ` +
      '(did:key:<multibase>#<multibase>)');
  }
  const mb = m[1];
  if(mb.startsWith('z6Mk')) {
    const pub = decodeMultibaseKey(mb, ED25519_PUB, 32, 'did:key');
    return {did: `did:key:${mb}`,
      jwk: {kty: 'OKP', crv: 'Ed25519', x: b64u(pub)}};
  }
  if(mb.startsWith('zDn')) {
    const point = decodeMultibaseKey(mb, P256_PUB, 33, 'did:key');
    const full = crypto.ECDH.convertKey(
      point, 'prime256v1', undefined, undefined, 'uncompressed');
    return {did: `did:key:${mb}`, jwk: {
      kty: 'EC', crv: 'P-256',
      x: b64u(full.subarray(1, 33)), y: b64u(full.subarray(33, 65))
    }};
  }
  throw new Error(`kid ${kid}: unsupported did:key type`);
}

function samePublicJwk(a, b) {
  return a.kty === b.kty && a.crv === b.crv && a.x === b.x &&
    (a.y ?? null) === (b.y ?? null);
}

// checkJwtClaims cross-checks the registered claims against the credential
// they were derived from (OB 3.0 §8.2.4.1) and the kid against a did:key
// issuer. Returns a list of problems.
function checkJwtClaims(header, payload, kidDid) {
  const problems = [];
  const cred = payload.vc && typeof payload.vc === 'object' ?
    payload.vc : payload;
  const iss = issuerId(cred);
  if(payload.iss !== undefined && iss !== undefined && payload.iss !== iss) {
    problems.push(`iss ${payload.iss} is not the issuer id ${iss}`);
  }
  if(payload.jti !== undefined && cred.id !== undefined &&
    payload.jti !== cred.id) {
    problems.push(`jti ${payload.jti} is not the credential id ${cred.id}`);
  }
  const subject = cred.credentialSubject;
  if(payload.sub !== undefined && subject && !Array.isArray(subject) &&
    subject.id !== undefined && payload.sub !== subject.id) {
    problems.push(`sub ${payload.sub} is not credentialSubject.id`);
  }
  for(const [claim, prop] of [['nbf', 'validFrom'], ['exp', 'validUntil']]) {
    if(payload[claim] !== undefined && cred[prop] !== undefined) {
      const ms = Date.parse(cred[prop]);
      if(isNaN(ms) || Math.floor(ms / 1000) !== payload[claim]) {
        problems.push(`${claim} ${payload[claim]} does not match ${prop}`);
      }
    }
  }
  const issuerDid = payload.iss ?? iss;
  if(kidDid && typeof issuerDid === 'string' &&
    issuerDid.startsWith('did:') && issuerDid !== kidDid) {
    problems.push(`kid ${header.kid} is not a key of issuer ${issuerDid}`);
  }
  return problems;
}

export async function jwtVerify({token}) {
  token = token.trim();
  let header;
  try {
    header = jose.decodeProtectedHeader(token);
  } catch(e) {
    return {verified: false, error: `bad JWS: ${e.message}`};
  }
  const out = {verified: false, error: null, header};
  let kidDid;
  try {
    if(token.split('.').length !== 3) {
      throw new Error('not a compact JWS');
    }
    if(!['EdDSA', 'ES256'].includes(header.alg)) {
      throw new Error(`alg ${header.alg} not allowed (EdDSA or ES256)`);
    }
    let jwk;
    if(typeof header.kid === 'string' && header.kid.startsWith('did:key:')) {
      ({did: kidDid, jwk} = didKeyToJwk(header.kid));
      if(header.jwk && !samePublicJwk(header.jwk, jwk)) {
        throw new Error('jwk header does not match the did:key kid');
      }
    } else if(header.jwk && typeof header.jwk === 'object') {
      if('d' in header.jwk) {
        throw new Error('jwk header contains a private key');
      }
      jwk = header.jwk;
    } else {
      throw new Error('no did:key kid and no jwk header to find the key');
    }
    const {kty, crv, x, y} = jwk;
    const publicKey = await jose.importJWK(
      {kty, crv, x, ...(y ? {y} : {})}, header.alg);
    const {payload} = await jose.jwtVerify(token, publicKey, {
      algorithms: ['EdDSA', 'ES256'],
      clockTolerance: 300
    });
    out.payload = payload;
    const problems = checkJwtClaims(header, payload, kidDid);
    if(problems.length > 0) {
      throw new Error(problems.join('; '));
    }
    out.verified = true;
  } catch(e) {
    out.error = e.message ?? String(e);
  }
  return out;
}

// ---------------------------------------------------------------------------
// CLI

const USAGE = `usage:
  node dbvc.mjs keygen [OUTFILE]
  node dbvc.mjs sign [--created DATE] KEYFILE UNSIGNED.json
  node dbvc.mjs sign2020 [--created DATE] KEYFILE UNSIGNED.json
  node dbvc.mjs verify [--proof-only] [--ignore-status] [--doc CONTROLLER.json]... FILE.json
  node dbvc.mjs jwt-sign KEYFILE UNSIGNED.json
  node dbvc.mjs jwt-verify FILE.jwt
exit: 0 ok, 1 verification failed, 2 usage or input error`;

function parse(args, options, positionals) {
  let parsed;
  try {
    parsed = parseArgs({args, options, allowPositionals: true, strict: true});
  } catch(e) {
    throw argError(e.message);
  }
  if(parsed.positionals.length !== positionals) {
    throw argError(`expected ${positionals} argument(s)`);
  }
  return parsed;
}

function print(value) {
  process.stdout.write(
    (typeof value === 'string' ? value : JSON.stringify(value, null, 2)) +
    '\n');
}

// main runs one command and returns the exit code.
export async function main(argv) {
  const [cmd, ...args] = argv;
  try {
    switch(cmd) {
      case 'keygen': {
        if(args.length > 1) {
          throw argError('keygen takes at most one argument');
        }
        const key = JSON.stringify(await keygen(), null, 2) + '\n';
        if(args.length === 1) {
          try {
            writeFileSync(args[0], key, {flag: 'wx', mode: 0o600});
          } catch(e) {
            throw inputError(`cannot write ${args[0]}: ${e.message}`);
          }
        } else {
          process.stdout.write(key);
        }
        return 0;
      }
      case 'sign':
      case 'sign2020': {
        const {values, positionals: [keyFile, credFile]} = parse(
          args, {created: {type: 'string'}}, 2);
        const key = await readKeyFile(keyFile);
        const credential = readJSON(credFile, 'credential');
        print(await signCredential({
          key, credential, created: values.created,
          suite: cmd === 'sign' ? 'eddsa-rdfc-2022' : 'Ed25519Signature2020'
        }));
        return 0;
      }
      case 'verify': {
        const {values, positionals: [file]} = parse(args, {
          'proof-only': {type: 'boolean'},
          'ignore-status': {type: 'boolean'},
          doc: {type: 'string', multiple: true}
        }, 1);
        const credential = readJSON(file, 'credential');
        const extraDocuments =
          (values.doc ?? []).map(f => readJSON(f, 'controller document'));
        const result = await verifyCredential({
          credential, extraDocuments,
          proofOnly: values['proof-only'] ?? false,
          ignoreStatus: values['ignore-status'] ?? false
        });
        print(result);
        return result.verified ? 0 : 1;
      }
      case 'jwt-sign': {
        const {positionals: [keyFile, credFile]} = parse(args, {}, 2);
        const key = await readKeyFile(keyFile);
        print(await jwtSign({key, credential: readJSON(credFile, 'credential')}));
        return 0;
      }
      case 'jwt-verify': {
        const {positionals: [file]} = parse(args, {}, 1);
        let token;
        try {
          token = readFileSync(file, 'utf8');
        } catch(e) {
          throw inputError(`cannot read ${file}: ${e.message}`);
        }
        const result = await jwtVerify({token});
        print(result);
        return result.verified ? 0 : 1;
      }
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stderr.write(USAGE + '\n');
        return cmd === undefined ? 2 : 0;
      default:
        throw argError(`unknown command ${cmd}`);
    }
  } catch(e) {
    const usage = e instanceof UsageError && e.showUsage;
    process.stderr.write(JSON.stringify({error: errorMessages(e).join('; ')}) +
      '\n' + (usage ? USAGE + '\n' : ''));
    return 2;
  }
}

if(process.argv[1] &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
