import { customerSegments } from '../../domain/customers/customer';

/**
 * The console's audience builder: rows of "field, comparison, value" a campaign manager picks from
 * lists, in an all/any group with sub-groups one level deep. It holds the builder form the API
 * takes (`audience-builder.ts`), which the server compiles to the whitelisted audience query and
 * checks again; nothing here writes a query. Plain ES2020, part of `/campaigns/console.js`.
 */
export const consoleBuilderScript = String.raw`
const segmentValues = ${JSON.stringify(customerSegments)};
const segmentLabels = { consumer: 'Consumer', business: 'Business' };
const consentLabels = { 'opted-in': 'given', 'opted-out': 'withdrawn', unknown: 'never asked' };

const builderFields = {
  segment: { label: 'Segment', ops: { 'one-of': 'is', 'none-of': 'is not' }, fresh: () => ({ op: 'one-of', values: ['consumer'] }) },
  plan: { label: 'Plan', ops: { 'one-of': 'is one of', 'none-of': 'is none of', any: 'is any plan', none: 'has no plan' }, fresh: () => ({ op: 'one-of', values: [] }) },
  subscription: { label: 'Subscriptions (plans and add-ons)', ops: { 'one-of': 'include one of', 'none-of': 'include none of', any: 'include anything', none: 'are none at all' }, fresh: () => ({ op: 'one-of', values: [] }) },
  tenure: { label: 'Customer for', ops: { 'at-least': 'at least', 'less-than': 'less than' }, fresh: () => ({ op: 'at-least', months: 12 }) },
  consent: { label: 'Marketing SMS consent', ops: { is: 'is', 'is-not': 'is not' }, fresh: () => ({ op: 'is', value: 'opted-in' }) },
  region: { label: 'Region', ops: { 'one-of': 'is', 'none-of': 'is not' }, fresh: () => ({ op: 'one-of', values: [] }) },
  timezone: { label: 'Time zone', ops: { 'one-of': 'is', 'none-of': 'is not' }, fresh: () => ({ op: 'one-of', values: ['Europe/London'] }) },
  lastInteraction: { label: 'Last contact with us', ops: { within: 'in the last', 'not-within': 'not in the last', never: 'never' }, fresh: () => ({ op: 'within', days: 30 }) },
  campaign: { label: 'Earlier campaign', ops: { received: 'received', 'not-received': 'did not receive', clicked: 'clicked the link in', 'received-not-clicked': 'received but did not click' }, fresh: () => ({ op: 'clicked', campaignId: '' }) },
};

function freshCondition(field) {
  return Object.assign({ field }, builderFields[field].fresh());
}

function element(tag, properties, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties || {})) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children || []) node.append(child);
  return node;
}

function selectOf(options, value, properties) {
  const select = element('select', properties);
  for (const [key, label] of options) select.append(element('option', { value: key, textContent: label }));
  select.value = value;
  return select;
}

const splitList = (text) => text.split(',').map((part) => part.trim()).filter(Boolean);

/** What a condition still needs before it means anything, or '' when it is complete. */
function conditionGap(condition) {
  const needsValues = ['one-of', 'none-of'].includes(condition.op);
  if ((condition.field === 'plan' || condition.field === 'subscription') && needsValues && !condition.values.length) {
    return 'choose at least one offer';
  }
  if ((condition.field === 'region' || condition.field === 'timezone') && !condition.values.length) {
    return 'type at least one ' + (condition.field === 'region' ? 'region' : 'time zone');
  }
  if (condition.field === 'segment' && !condition.values.length) return 'tick at least one segment';
  if (condition.field === 'campaign' && !condition.campaignId) return 'choose the campaign';
  return '';
}

/** The builder with only its complete conditions (what the live count counts). */
function completeBuilder(builder) {
  const keep = (rules) => rules
    .map((rule) => (rule.rules ? { match: rule.match, rules: keep(rule.rules) } : rule))
    .filter((rule) => (rule.rules ? rule.rules.length > 0 : !conditionGap(rule)));
  return { match: builder.match, rules: keep(builder.rules) };
}

function builderGaps(builder) {
  const gaps = [];
  const visit = (rules) => {
    for (const rule of rules) {
      if (rule.rules) visit(rule.rules);
      else if (conditionGap(rule)) gaps.push(builderFields[rule.field].label + ': ' + conditionGap(rule));
    }
  };
  visit(builder.rules);
  return gaps;
}

/**
 * The builder widget in container. options: { offers: () => [{id, name}], campaigns: () => [{id,
 * name}], onChange(builder) }.
 */
function createAudienceBuilder(container, options) {
  let builder = { match: 'all', rules: [] };
  let counter = 0;
  const changed = () => options.onChange(builder);

  function valueEditor(condition) {
    const id = 'cond-' + (++counter);
    const wrap = element('span', { className: 'condition-value' });
    const checkboxes = (choices, picked) => {
      const box = element('span', { className: 'choices', role: 'group' });
      for (const [value, label] of choices) {
        const input = element('input', { type: 'checkbox', value, checked: picked.includes(value), id: id + '-' + value });
        input.addEventListener('change', () => {
          const set = new Set(condition.values);
          if (input.checked) set.add(value); else set.delete(value);
          condition.values = choices.map(([key]) => key).filter((key) => set.has(key));
          updateGap();
          changed();
        });
        box.append(element('label', { className: 'choice', htmlFor: input.id }, [input, document.createTextNode(' ' + label)]));
      }
      return box;
    };
    const numberInput = (key, unit, label) => {
      const input = element('input', { type: 'number', min: '0', step: '1', value: String(condition[key]), className: 'number', 'aria-label': label });
      input.addEventListener('input', () => {
        const value = Math.max(0, Math.floor(Number(input.value)));
        if (Number.isFinite(value)) { condition[key] = value; changed(); }
      });
      return [input, document.createTextNode(' ' + unit)];
    };
    switch (condition.field) {
      case 'segment':
        wrap.append(checkboxes(segmentValues.map((value) => [value, segmentLabels[value] || value]), condition.values));
        break;
      case 'plan':
      case 'subscription':
        if (['one-of', 'none-of'].includes(condition.op)) {
          wrap.append(checkboxes(options.offers().map((offer) => [offer.id, offer.name]), condition.values));
        }
        break;
      case 'tenure':
        wrap.append(...numberInput('months', 'months', 'Months'));
        break;
      case 'consent':
        wrap.append(selectOf(Object.entries(consentLabels), condition.value, { className: 'consent-value', 'aria-label': 'Consent' }));
        wrap.lastChild.addEventListener('change', (event) => { condition.value = event.target.value; changed(); });
        break;
      case 'region':
      case 'timezone': {
        const input = element('input', {
          type: 'text', value: condition.values.join(', '), className: 'text-values',
          placeholder: condition.field === 'region' ? 'e.g. London, Manchester' : 'e.g. Europe/London',
          'aria-label': condition.field === 'region' ? 'Regions, separated by commas' : 'Time zones, separated by commas',
        });
        if (condition.field === 'timezone') input.setAttribute('list', 'time-zones');
        input.addEventListener('input', () => { condition.values = splitList(input.value); updateGap(); changed(); });
        wrap.append(input);
        break;
      }
      case 'lastInteraction':
        if (condition.op !== 'never') wrap.append(...numberInput('days', 'days', 'Days'));
        break;
      case 'campaign': {
        const choices = [['', 'choose a campaign…'], ...options.campaigns().map((item) => [item.id, item.name])];
        const select = selectOf(choices, condition.campaignId, { className: 'campaign-value', 'aria-label': 'Campaign' });
        select.addEventListener('change', () => { condition.campaignId = select.value; updateGap(); changed(); });
        wrap.append(select);
        break;
      }
    }
    const gap = element('span', { className: 'gap' });
    const updateGap = () => { gap.textContent = conditionGap(condition) ? '(' + conditionGap(condition) + ')' : ''; };
    updateGap();
    wrap.append(gap);
    return wrap;
  }

  function conditionRow(condition, list, index) {
    const row = element('div', { className: 'condition' });
    const field = selectOf(Object.entries(builderFields).map(([key, spec]) => [key, spec.label]), condition.field, { className: 'field', 'aria-label': 'Condition on' });
    field.addEventListener('change', () => { list[index] = freshCondition(field.value); render(); changed(); });
    const op = selectOf(Object.entries(builderFields[condition.field].ops), condition.op, { className: 'op', 'aria-label': 'Comparison' });
    op.addEventListener('change', () => {
      condition.op = op.value;
      if (condition.field === 'lastInteraction' && condition.days === undefined) condition.days = 30;
      render();
      changed();
    });
    const remove = element('button', { type: 'button', className: 'remove', textContent: '×', title: 'Remove this condition', 'aria-label': 'Remove this condition' });
    remove.addEventListener('click', () => { list.splice(index, 1); render(); changed(); });
    row.append(field, op, valueEditor(condition), remove);
    return row;
  }

  function groupBox(group, depth, parentList, index) {
    const box = element('div', { className: depth ? 'group nested' : 'group' });
    const match = selectOf([['all', 'all'], ['any', 'any']], group.match, { className: 'match', 'aria-label': depth ? 'Sub-group matches' : 'Customers must match' });
    match.addEventListener('change', () => { group.match = match.value; changed(); });
    const head = element('div', { className: 'group-head' }, [
      document.createTextNode(depth ? 'Sub-group: match ' : 'Customers who match '),
      match,
      document.createTextNode(' of these conditions'),
    ]);
    if (depth) {
      const remove = element('button', { type: 'button', className: 'remove-group link', textContent: 'Remove sub-group' });
      remove.addEventListener('click', () => { parentList.splice(index, 1); render(); changed(); });
      head.append(remove);
    }
    box.append(head);
    if (!group.rules.length) {
      box.append(element('p', { className: 'hint', textContent: depth ? 'Add a condition to this sub-group.' : 'No conditions: everyone with a mobile number (consent is still checked at sending).' }));
    }
    group.rules.forEach((rule, ruleIndex) => {
      box.append(rule.rules ? groupBox(rule, depth + 1, group.rules, ruleIndex) : conditionRow(rule, group.rules, ruleIndex));
    });
    const add = element('button', { type: 'button', className: 'add-condition', textContent: '+ Condition' });
    add.addEventListener('click', () => { group.rules.push(freshCondition('segment')); render(); changed(); });
    const tools = element('div', { className: 'group-tools' }, [add]);
    if (!depth) {
      const addGroup = element('button', { type: 'button', className: 'add-group', textContent: '+ Sub-group (any of…)' });
      addGroup.addEventListener('click', () => {
        group.rules.push({ match: group.match === 'all' ? 'any' : 'all', rules: [freshCondition('segment')] });
        render();
        changed();
      });
      tools.append(addGroup);
    }
    box.append(tools);
    return box;
  }

  function render() {
    container.replaceChildren(groupBox(builder, 0));
  }

  render();
  return {
    get: () => builder,
    set(next) {
      builder = JSON.parse(JSON.stringify(next || { match: 'all', rules: [] }));
      render();
    },
    render,
  };
}

/** The audience in words, for the campaign's page: "Segment is Consumer and …". */
function describeAudience(builder, names) {
  if (!builder) return 'A custom query (see the advanced view when editing)';
  if (!builder.rules.length) return 'Everyone with a mobile number';
  const list = (values, lookup) => values.map((value) => (lookup && lookup(value)) || value).join(', ');
  const one = (condition) => {
    const spec = builderFields[condition.field];
    const op = spec.ops[condition.op];
    switch (condition.field) {
      case 'segment': return spec.label + ' ' + op + ' ' + list(condition.values, (value) => segmentLabels[value]);
      case 'plan':
      case 'subscription': {
        const what = condition.field === 'plan' ? 'a plan' : 'a subscription';
        if (condition.op === 'any') return 'Has ' + what;
        if (condition.op === 'none') return 'Has no ' + what.slice(2);
        return spec.label + ' ' + op + ' ' + list(condition.values, names.offer);
      }
      case 'tenure': return spec.label + ' ' + op + ' ' + condition.months + ' months';
      case 'consent': return spec.label + ' ' + op + ' ' + consentLabels[condition.value];
      case 'lastInteraction':
        return condition.op === 'never' ? 'Never in contact with us' : spec.label + ' ' + op + ' ' + condition.days + ' days';
      case 'campaign': return op[0].toUpperCase() + op.slice(1) + ' “' + (names.campaign(condition.campaignId) || 'an earlier campaign') + '”';
      default: return spec.label + ' ' + op + ' ' + list(condition.values);
    }
  };
  const group = (item) => item.rules.map((rule) => (rule.rules ? '(' + group(rule) + ')' : one(rule))).join(item.match === 'all' ? ' and ' : ' or ');
  return group(builder);
}
`;
