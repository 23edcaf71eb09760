import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateJourney } from './evaluate';
import { allJourneys, journeysFor } from './journeys';
import { accessMatrix, MATRIX_FILE } from './matrix';
import { platformModel, type PlatformModel } from './model';
import { policyProblems } from './validate';

let model: PlatformModel;
beforeAll(async () => {
  model = await platformModel();
}, 120_000);

describe('access journeys over every shipped environment (IAM policy simulator)', () => {
  it('covers dev, staging and prod with at least 40 journeys each', () => {
    expect(Object.keys(model.environments).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of Object.values(model.environments)) {
      expect(journeysFor(model, env, env).length).toBeGreaterThanOrEqual(40);
    }
  });

  it('decides every journey as expected', async () => {
    const failures: string[] = [];
    for (const { env, journey } of allJourneys(model)) {
      const result = await evaluateJourney(model, journey);
      if (result.decision !== journey.expect) {
        failures.push(
          `[${env}] ${journey.name}: expected ${journey.expect}, got ${result.decision}` +
            (result.deniedBy ? ` (${result.deniedBy})` : ''),
        );
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the journeys see the key policy', () => {
  it('denies landing raw data once the key policy loses its writers statement', async () => {
    const dev = model.environments.dev!;
    const keyPolicy = dev.resourcePolicies.get(dev.platformKeyArn)!;
    const journey = journeysFor(model, dev, model.environments.prod!).find(
      (j) => j.name === 'data engineer lands a raw object',
    )!;
    expect((await evaluateJourney(model, journey)).decision).toBe('Allowed');
    const broken = keyPolicy.Statement.filter((s) => s.Sid !== 'WritersEncryptLakeObjectsThroughS3');
    dev.resourcePolicies.set(dev.platformKeyArn, { ...keyPolicy, Statement: broken });
    try {
      expect(await evaluateJourney(model, journey)).toEqual({
        decision: 'Denied',
        deniedBy: 'kms:GenerateDataKey ImplicitlyDenied',
      });
    } finally {
      dev.resourcePolicies.set(dev.platformKeyArn, keyPolicy);
    }
  });
});

describe('synthesized policies use only actions and condition keys AWS knows', () => {
  it('finds no unknown action or condition key in any stack', async () => {
    const documents = [
      ...model.statePolicies.map((p) => ({ where: `state-backend ${p.where}`, policy: p.policy })),
      ...Object.entries(model.environments).flatMap(([env, m]) =>
        m.allPolicies.map((p) => ({ where: `platform-${env} ${p.where}`, policy: p.policy })),
      ),
    ];
    expect(documents.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const { where, policy } of documents) {
      for (const problem of await policyProblems(policy)) problems.push(`${where}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('flags an unknown action and an unknown condition key', async () => {
    const problems = await policyProblems({
      Statement: [
        {
          Sid: 'Typo',
          Effect: 'Allow',
          Action: ['s3:GetObjekt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaServices': 's3.eu-north-1.amazonaws.com' } },
        },
      ],
    });
    expect(problems).toEqual([
      'Typo: unknown action s3:GetObjekt',
      'Typo: unknown condition key kms:ViaServices',
    ]);
  });
});

describe(MATRIX_FILE, () => {
  it('is what the journeys decide today (regenerate: npm run access-matrix)', async () => {
    expect(readFileSync(MATRIX_FILE, 'utf8')).toBe(await accessMatrix(model));
  });
});
