import { listQueryToSql, parseListQuery } from '../../../src/common/odata';
import { operationProperties, SELECTABLE } from './operation-properties.fixture';

const schema = { properties: operationProperties, selectable: SELECTABLE };
const ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe('listQueryToSql', () => {
  it('numbers filter, then seek placeholders after the caller’s own, and says the next free one', () => {
    const options = parseListQuery(
      { $filter: "status eq 'running'", $orderby: 'percentProgress desc' },
      schema,
    );
    expect(listQueryToSql(options, operationProperties, 3, [50, ID])).toEqual({
      conditions: [
        'o.status = $3',
        '((o.percent_progress < $4 OR o.percent_progress IS NULL) OR (o.percent_progress = $5 AND o.id > $6))',
      ],
      orderBy: 'ORDER BY o.percent_progress DESC NULLS LAST, o.id ASC',
      params: ['running', 50, 50, ID],
      nextParameter: 7,
    });
  });

  it('when there is neither filter nor cursor, then it adds no condition', () => {
    const options = parseListQuery({}, schema);
    expect(listQueryToSql(options, operationProperties, 3)).toEqual({
      conditions: [],
      orderBy: 'ORDER BY o.id ASC',
      params: [],
      nextParameter: 3,
    });
  });
});
