import { describe, expect, it } from 'vitest';
import { PolicyTemplateError, renderPolicy } from '../../src/lib/policy-template';
import { POLICY_TEMPLATES } from '../../src/policies';

const template = {
  Statement: [
    {
      Sid: 'A',
      _comment: 'why',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['${bucket_arn}/*', '${extra_arns}'],
    },
    {
      Sid: 'B',
      Effect: 'Allow',
      Action: 'iam:GetUser',
      Resource: 'arn:aws:iam::${account_id}:user/${aws:username}',
    },
  ],
};

describe('renderPolicy', () => {
  it('fills placeholders, splices lists and strips comments', () => {
    const rendered = JSON.parse(
      renderPolicy('policies/t.json', template, {
        bucket_arn: 'arn:aws:s3:::b',
        extra_arns: ['x', 'y'],
        account_id: '123',
      }),
    );
    expect(rendered.Statement[0]).toEqual({
      Sid: 'A',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::b/*', 'x', 'y'],
    });
    expect(rendered.Statement[1].Resource).toBe('arn:aws:iam::123:user/${aws:username}');
  });

  it('names the file and the placeholder that has no value', () => {
    expect(() => renderPolicy('policies/t.json', template, { bucket_arn: 'b', extra_arns: [] })).toThrow(
      new PolicyTemplateError(
        'policies/t.json',
        'no value for placeholder ${account_id}; pass it where the template is rendered',
      ),
    );
  });

  it('names a variable the template does not use', () => {
    expect(() =>
      renderPolicy('policies/t.json', template, {
        bucket_arn: 'b',
        extra_arns: [],
        account_id: '1',
        region: 'x',
      }),
    ).toThrow('policies/t.json: variable region is given but the template has no such placeholder');
  });

  it('refuses a list inside a longer string', () => {
    expect(() => renderPolicy('policies/t.json', { Resource: 'arn:${ids}' }, { ids: ['a'] })).toThrow(
      /\$\{ids\} is a list/,
    );
  });
});

describe('policies/ templates', () => {
  it('justify every Allow on Resource "*" (or NotResource) with a _comment', () => {
    for (const [name, doc] of Object.entries(POLICY_TEMPLATES)) {
      for (const statement of (doc as { Statement: Record<string, unknown>[] }).Statement) {
        const wildcard =
          statement.Resource === '*' ||
          (Array.isArray(statement.Resource) && statement.Resource.includes('*'));
        if (statement.Effect === 'Allow' && (wildcard || 'NotResource' in statement)) {
          expect(statement._comment, `${name}: ${String(statement.Sid)}`).toEqual(expect.any(String));
        }
      }
    }
  });
});
