/* The live call in the agent's panel: the call's lines as they are spoken (a partial line is
   replaced by its speaker's next line), offers suggested from what the customer says, and the
   phrases the agent must say, ticked off as heard. Plain browser JavaScript; every server value is
   written with textContent. The console calls attach(socket) once per connection and show(panel)
   whenever it draws a panel. */
'use strict';

(function () {
  const SPEAKERS = { customer: 'Customer', agent: 'You' };
  const STATUS = {
    accepted: 'Added to the cart',
    dismissed: 'Dismissed',
    shown: 'Not taken up on the call',
  };
  /** Per handover: the call as this console knows it. */
  const calls = new Map();
  let socket = null;
  let shown = null;
  let section = null;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function callOf(handoverId) {
    let call = calls.get(handoverId);
    if (!call) {
      call = {
        loaded: false,
        exists: false,
        state: 'live',
        finals: new Map(),
        partial: {},
        lastFinal: {},
        suggestions: new Map(),
        phrases: [],
        summary: '',
        note: '',
      };
      calls.set(handoverId, call);
    }
    return call;
  }

  function addLine(call, line) {
    if (line.final) {
      call.finals.set(line.sequence, line);
      call.lastFinal[line.speaker] = Math.max(call.lastFinal[line.speaker] || 0, line.sequence);
      const partial = call.partial[line.speaker];
      if (partial && partial.sequence < line.sequence) delete call.partial[line.speaker];
    } else if (line.sequence > (call.lastFinal[line.speaker] || 0)) {
      const partial = call.partial[line.speaker];
      if (!partial || partial.sequence < line.sequence) call.partial[line.speaker] = line;
    }
  }

  function load(call, view) {
    call.loaded = true;
    call.exists = true;
    call.state = view.state;
    for (const line of view.lines) addLine(call, line);
    for (const suggestion of view.suggestions) call.suggestions.set(suggestion.id, suggestion);
    call.phrases = view.phrases;
    call.summary = view.summary || '';
  }

  function build() {
    if (section) return section;
    section = el('section', {
      id: 'live-call',
      className: 'card live-call',
      'aria-labelledby': 'live-call-title',
    });
    section.hidden = true;
    section.append(
      el('div', { className: 'row' }, [
        el('h3', { id: 'live-call-title', text: 'Live call' }),
        el('span', { id: 'live-call-state', className: 'badge' }),
        el('span', { className: 'spacer' }),
      ]),
      el('div', { className: 'live-call-columns' }, [
        el('ol', {
          id: 'live-transcript',
          className: 'live-transcript',
          'aria-live': 'polite',
          'aria-label': 'Transcript',
        }),
        el('div', { className: 'live-side' }, [
          el('h4', { text: 'Suggested from what she said' }),
          el('ol', { id: 'live-suggestions', className: 'offers live-suggestions' }),
          el('h4', { text: 'Say on this call' }),
          el('ul', { id: 'live-phrases', className: 'live-phrases' }),
        ]),
      ]),
      el('p', { id: 'live-call-note', className: 'muted small', role: 'status' }),
    );
    const conversation = document.getElementById('conversation');
    const grid = conversation && conversation.querySelector('.grid');
    if (grid) conversation.insertBefore(section, grid);
    else if (conversation) conversation.append(section);
    return section;
  }

  function render() {
    build();
    const call = shown && calls.get(shown.handoverId);
    const has = !!(call && call.exists);
    section.hidden = !has;
    if (!has) return;
    document.getElementById('live-call-state').textContent =
      call.state === 'live' ? 'On the call' : 'Call ended';
    const transcript = document.getElementById('live-transcript');
    const lines = [...call.finals.values()].sort((a, b) => a.sequence - b.sequence);
    const partials = Object.values(call.partial).sort((a, b) => a.sequence - b.sequence);
    transcript.replaceChildren(
      ...lines
        .concat(partials)
        .map((line) =>
          el('li', { className: 'live-line ' + line.speaker + (line.final ? '' : ' partial') }, [
            el('span', { className: 'who', text: SPEAKERS[line.speaker] || line.speaker }),
            el('span', { className: 'said', text: line.text }),
          ]),
        ),
    );
    if (lines.length + partials.length === 0)
      transcript.append(el('li', { className: 'muted', text: 'Waiting for the first words…' }));
    transcript.scrollTop = transcript.scrollHeight;

    const list = document.getElementById('live-suggestions');
    const suggestions = [...call.suggestions.values()];
    list.replaceChildren(...suggestions.map((s) => suggestionItem(s, call)));
    if (suggestions.length === 0)
      list.append(el('li', { className: 'muted', text: 'Nothing yet: listening for her needs.' }));

    document.getElementById('live-phrases').replaceChildren(
      ...call.phrases.map((phrase) =>
        el('li', { className: phrase.heard ? 'heard' : 'pending', title: phrase.text }, [
          el('span', { className: 'tick', 'aria-hidden': 'true', text: phrase.heard ? '✓' : '○' }),
          el('span', {
            text: phrase.label + (phrase.heard ? ' (said)' : ': “' + phrase.text + '”'),
          }),
        ]),
      ),
    );
    document.getElementById('live-call-note').textContent = call.note || call.summary;
  }

  function suggestionItem(suggestion, call) {
    const decided = suggestion.status !== 'shown' || call.state === 'ended';
    return el('li', { className: 'offer live-suggestion ' + suggestion.status }, [
      el('div', { className: 'row' }, [
        el('strong', { text: suggestion.name }),
        el('span', { className: 'spacer' }),
        el('span', { className: 'price', text: suggestion.priceText }),
      ]),
      el('p', { className: 'small', text: suggestion.reason }),
      decided
        ? el('p', { className: 'muted small', text: STATUS[suggestion.status] || '' })
        : el('div', { className: 'row' }, [
            el('button', {
              type: 'button',
              text: 'Add to cart',
              'aria-label': 'Add the suggested ' + suggestion.name + ' to the cart',
              onclick: () => decide(call, suggestion, 'livecall:accept', 'Added to her cart'),
            }),
            el('button', {
              type: 'button',
              text: 'Dismiss',
              'aria-label': 'Dismiss the suggested ' + suggestion.name,
              onclick: () => decide(call, suggestion, 'livecall:dismiss', 'Dismissed'),
            }),
          ]),
    ]);
  }

  function decide(call, suggestion, event, done) {
    if (!socket) return;
    call.note = 'Working…';
    render();
    socket
      .timeout(15000)
      .emit(
        event,
        { handoverId: suggestion.handoverId, suggestionId: suggestion.id },
        (error, result) => {
          if (error) call.note = 'The server did not answer in time';
          else if (!result.ok) call.note = result.error.message;
          else {
            call.suggestions.set(suggestion.id, result.suggestion);
            call.note = done + ': ' + suggestion.name;
          }
          render();
        },
      );
  }

  function fetchCall(handoverId) {
    if (!socket) return;
    socket.timeout(15000).emit('livecall:get', { handoverId }, (error, result) => {
      if (error || !result.ok) return;
      const call = callOf(handoverId);
      if (result.call) load(call, result.call);
      else call.loaded = true;
      if (shown && shown.handoverId === handoverId) render();
    });
  }

  function touched(handoverId) {
    if (shown && shown.handoverId === handoverId) render();
  }

  window.LiveCallPanel = {
    attach(next) {
      socket = next;
      calls.clear();
      socket.on('livecall:line', (line) => {
        const call = callOf(line.handoverId);
        call.exists = true;
        addLine(call, line);
        touched(line.handoverId);
      });
      socket.on('livecall:suggestion', (suggestion) => {
        const call = callOf(suggestion.handoverId);
        call.exists = true;
        call.suggestions.set(suggestion.id, suggestion);
        touched(suggestion.handoverId);
      });
      socket.on('livecall:phrases', (update) => {
        const call = callOf(update.handoverId);
        call.exists = true;
        call.phrases = update.phrases;
        touched(update.handoverId);
      });
      socket.on('livecall:state', (view) => {
        load(callOf(view.handoverId), view);
        touched(view.handoverId);
      });
      socket.on('connect', () => {
        if (shown) fetchCall(shown.handoverId);
      });
    },
    /** The panel the console draws now (undefined for none). */
    show(panel) {
      const handover = panel && panel.handover;
      shown = handover && handover.channel === 'voice' ? { handoverId: handover.id } : null;
      if (shown && !callOf(shown.handoverId).loaded) fetchCall(shown.handoverId);
      render();
    },
  };
})();
