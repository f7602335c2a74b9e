{{%AUTOESCAPE context="HTML"}}<div class="py-5 text-center error-page">
  <p class="display-4 fw-semibold">{{STATUS}}</p>
  <h1 class="h4">{{REASON}}</h1>
  <p class="text-body-secondary">{{MESSAGE}}</p>
  <p><a class="btn btn-primary" href="/">{{T_BACK_DASHBOARD}}</a></p>
</div>
