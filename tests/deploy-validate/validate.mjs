// Validates the deployment files, for the Issue17 tests (tests/FieldService.Tests/Deploy):
//   node validate.mjs <deploy folder>
// Every document of deploy/kubernetes/*.yaml (but the kustomization) is checked against the Kubernetes OpenAPI schema
// of its apiVersion and kind with kubernetes-models; deploy/compose.yaml is parsed. It prints one JSON object
// {kubernetes: [{file, document}], kustomization, compose, errors: [...]} for the test to check the properties that
// a schema cannot (probes on /health/*, labels, RBAC, …), and exits 1 when any document is invalid.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import * as models from 'kubernetes-models';

const deploy = process.argv[2];
if (!deploy) {
  console.error('usage: node validate.mjs <deploy folder>');
  process.exit(2);
}

// kubernetes-models exports one namespace per API group: "apps" for apps/v1, "networkingK8sIo" for networking.k8s.io/v1,
// "v1" for the core group.
function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupName = group === '' ? null : group.replace(/\.([a-z])/g, (_, c) => c.toUpperCase());
  const namespace = groupName === null ? models[version] : models[groupName]?.[version];
  return namespace?.[kind];
}

const errors = [];
const kubernetes = [];
let kustomization = null;
const folder = path.join(deploy, 'kubernetes');
for (const file of fs.readdirSync(folder).filter(f => f.endsWith('.yaml')).sort()) {
  const text = fs.readFileSync(path.join(folder, file), 'utf8');
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      errors.push(`${file}: ${doc.errors.map(e => e.message).join('; ')}`);
      continue;
    }
    const object = doc.toJS();
    if (object === null) continue;
    if (object.kind === 'Kustomization') {
      kustomization = object;
      continue;
    }
    const Model = modelFor(String(object.apiVersion), String(object.kind));
    if (!Model) {
      errors.push(`${file}: ${object.apiVersion} ${object.kind} is no Kubernetes kind that kubernetes-models knows`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      errors.push(`${file}: ${object.kind} ${object.metadata?.name}: ${error.message}`);
    }
    kubernetes.push({ file, document: object });
  }
}

let compose = null;
try {
  compose = parse(fs.readFileSync(path.join(deploy, 'compose.yaml'), 'utf8'), { merge: true });
} catch (error) {
  errors.push(`compose.yaml: ${error.message}`);
}

console.log(JSON.stringify({ kubernetes, kustomization, compose, errors }));
process.exit(errors.length === 0 ? 0 : 1);
