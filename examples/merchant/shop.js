// The e-bank order is a form the browser posts to the gateway: built here with the DOM from
// the signed fields the server answers (values set as text, never as HTML).
document.getElementById('clpay').addEventListener('click', async () => {
  const { action, fields } = await (await fetch('/order/clpay', { method: 'POST' })).json();
  const form = document.createElement('form');
  form.method = 'post';
  form.action = action;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
});
