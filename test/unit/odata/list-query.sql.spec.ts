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
        '((o.percent_progress IS NOT NULL), COALESCE(o.percent_progress, (-2147483648)), o.id) ' +
          '< ($4, $5, $6)',
      ],
      orderBy:
        'ORDER BY (o.percent_progress IS NOT NULL) DESC, ' +
        'COALESCE(o.percent_progress, (-2147483648)) DESC, o.id DESC',
      params: ['running', true, 50, ID],
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
