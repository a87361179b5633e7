/* Loaded in <head>, before anything is painted: a reader who used the quick exit and comes
   Back (or Forward) to any page of this tab is sent to the neutral page again (griot.js). */
try{var x=sessionStorage.getItem("griot-exit");if(x){var n=performance.getEntriesByType("navigation")[0];if(n&&n.type==="back_forward"){document.documentElement.style.visibility="hidden";location.replace(x)}else sessionStorage.removeItem("griot-exit")}}catch(e){}
